#!/usr/bin/env python3
"""Phases of each session kill of a chaos run (issue 11), read from its output directory:
sends.csv (the harness's clock, epoch ms) and the session processes' logs (HH:MM:SS.mmm, UTC).

  python3 bench/chaos-phases.py bench/target/chaos

Per kill, milliseconds after the kill: the survivor hears that a cluster member left; the dead
owner's leases end (what the survivor read then); the survivor takes the shards; the affected
users' first send answered (any outcome, the slowest user's); their first message shown (to or from
them, sent after the kill); every user served again (the harness's figure). Affected users: those
not served within a second of the kill. Then the medians.
"""
import csv
import datetime
import glob
import os
import re
import statistics
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "bench/target/chaos"
day = None
kills, sends = [], []
with open(os.path.join(out, "sends.csv")) as f:
    for row in csv.reader(f):
        if row[0] == "kill":
            kills.append((row[1], int(row[2]), int(row[3])))
        elif row[0] == "send":
            shown = int(row[5]) if row[5] else None
            sends.append(dict(text=row[1], writer=row[1].split("#")[0], n=int(row[1].split("#")[1]),
                              started=int(row[2]), answered=int(row[3]), outcome=row[4], shown=shown))
if not kills:
    sys.exit("no kills in sends.csv")
day = datetime.datetime.fromtimestamp(kills[0][1] / 1000, datetime.timezone.utc).date()


def epoch_ms(hms):
    t = datetime.datetime.strptime(hms, "%H:%M:%S.%f").time()
    return int(datetime.datetime.combine(day, t, datetime.timezone.utc).timestamp() * 1000)


# (time, process, kind, value)
events = []
for path in glob.glob(os.path.join(out, "session-*.log")):
    name = os.path.basename(path)[:-4]
    for line in open(path, errors="replace"):
        m = re.match(r"(\d\d:\d\d:\d\d\.\d\d\d) ", line)
        if not m:
            continue
        t = epoch_ms(m.group(1))
        left = re.search(r"A cluster member left: .* again in (\d+) ms", line)
        if left:
            events.append((t, name, "left", t + int(left.group(1))))
        took = re.search(r"took (\d+) shards? whose leases had ended", line)
        if took:
            events.append((t, name, "took", int(took.group(1))))

writers = sorted({s["writer"] for s in sends})


def peer(w):
    return ("pb" if w.startswith("pa") else "pa") + w[2:]


def first(items):
    items = [x for x in items if x is not None]
    return min(items) if items else None


rows = []
for i, (process, killed, restarted) in enumerate(kills):
    until = kills[i + 1][1] if i + 1 < len(kills) else float("inf")
    after = [s for s in sends if killed <= s["started"] < until]
    served = {}
    for w in writers:
        mine = [s["shown"] for s in after if s["outcome"] == "ACCEPTED" and s["writer"] in (w, peer(w))]
        served[w] = first(mine)
    affected = [w for w in writers if served[w] is None or served[w] - killed > 1000]
    answered = [first([s["answered"] for s in after if s["writer"] == w]) for w in affected]
    # The lines of the kill itself (not those of the harness's shutdown at the end).
    left = [e for e in events if e[2] == "left" and killed <= e[0] < min(until, killed + 5000) and e[1] != process]
    took = [e for e in events if e[2] == "took" and killed <= e[0] < until and e[1] != process]

    def rel(t):
        return None if t is None else t - killed

    row = dict(kill=f"{process} at {datetime.datetime.fromtimestamp(killed / 1000, datetime.timezone.utc):%H:%M:%S}",
               users=len(affected),
               left=rel(left[0][0]) if left else None,
               lease_end=rel(max(e[3] for e in left)) if left else None,
               took=rel(took[0][0]) if took else None,
               answered=rel(max(answered)) if answered and None not in answered else None,
               shown=rel(max(served[w] for w in affected)) if affected and None not in [served[w] for w in affected] else None)
    rows.append(row)

cols = ["users", "left", "lease_end", "took", "answered", "shown"]
print("| kill | affected users | member left seen | leases end | shards taken | first send answered | served again |")
print("|---|---|---|---|---|---|---|")


def fmt(v):
    return "–" if v is None else f"{v / 1000:.1f} s" if isinstance(v, int) and abs(v) > 50 else str(v)


for r in rows:
    print("| " + r["kill"] + " | " + " | ".join(str(r["users"]) if c == "users" else fmt(r[c]) for c in cols) + " |")
med = {c: [r[c] for r in rows if r[c] is not None] for c in cols[1:]}
print("| median | | " + " | ".join(fmt(int(statistics.median(v))) if v else "–" for v in med.values()) + " |")
