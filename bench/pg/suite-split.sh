#!/bin/sh
# bench/pg/suite-split.sh OUTDIR JAR [suite options...]: where PostgreSQL's CPU per relayed message goes in the suite.
# Runs one suite step at 500 msg/s for 70 s (bench jar JAR, options after it added) and, over 30 s in its middle,
# reads the CPU of every PostgreSQL process of the server (/proc: it must run on this machine), by what it is
# (pg_stat_activity's backend type; a client backend by the last statement it ran: the usage relay's, billing's or
# the session's), the commits and WAL written per message, and the statements per message (pg_stat_statements, reset
# at the window's start; the server must preload it), the rows each table of Parley's database took, and the WAL
# records by relation and kind (pg_walinspect, PostgreSQL 15 or later: which table or index, which row locks).
# PARLEY_TEST_DB_URL names the server's postgres database.
set -e
OUT=$(realpath -m "$1"); JAR=$2; shift 2; mkdir -p "$OUT"
U=${PARLEY_TEST_DB_URL:-postgresql://postgres:postgres@127.0.0.1:55432/postgres}
RATE=500; WINDOW=30
snap() {
  for p in $(pgrep -f '^postgres: '); do echo "$p $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null)"; done > "$1.ticks"
  psql -qAtF'|' $U -c "select pid, backend_type, regexp_replace(left(query, 80), '\s+', ' ', 'g') from pg_stat_activity" > "$1.act"
  psql -qAtF'|' $U -c "select (select sum(xact_commit) from pg_stat_database), wal_records, wal_bytes from pg_stat_wal" > "$1.db"
}
PARLEY_TEST_DB_URL=$U java -Xss512k -Djava.awt.headless=true -Dlogback.configurationFile=conf/logback.xml -cp "$JAR" \
  parley.bench.Suite --rates $RATE --duration 70 --sessions 20 --tls off --backlog 100 --no-direct --warmup 60 \
  --warmup-max 60 --out "$OUT" "$@" > "$OUT/log.txt" 2>&1 &
SUITE=$!
# Parley's warm-up line comes when its warm-up ends; the direct path then warms up as long (60 s), then Parley's step.
until grep -q "warm-up: Parley" "$OUT/log.txt" 2>/dev/null; do kill -0 $SUITE; sleep 1; done
sleep 85
psql -qAt $U -c "create extension if not exists pg_walinspect" -c "select pg_stat_statements_reset()" > /dev/null
# The suite's fresh database is the newest; it is dropped when the suite ends.
DB=$(psql -qAt $U -c "select datname from pg_database where datname like 'parley_test_%' order by oid desc limit 1")
DBU=$(echo "$U" | sed "s|/postgres\$|/$DB|")
TABLES="select schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables order by 1"
L0=$(psql -qAt $U -c "select pg_current_wal_lsn()")
psql -qAtF'|' $DBU -c "$TABLES" > "$OUT/a.tables"
snap "$OUT/a"; sleep $WINDOW; snap "$OUT/b"
L1=$(psql -qAt $U -c "select pg_current_wal_lsn()")
psql -qAtF'|' $U -c "select calls, rows, round(total_exec_time::numeric, 1), toplevel,
  regexp_replace(left(query, 110), '\s+', ' ', 'g') from pg_stat_statements order by total_exec_time desc limit 25" > "$OUT/statements"
psql -qAtF'|' $DBU -c "$TABLES" > "$OUT/b.tables"
psql -qAtF'|' $U -c "select substring(block_ref from 'rel \\d+/\\d+/(\\d+)'), record_type,
  substring(description from '(KEYSHR_LOCK|SHR_LOCK|EXCL_LOCK)'), count(*) from pg_get_wal_records_info('$L0', '$L1') group by 1, 2, 3" > "$OUT/wal"
psql -qAtF'|' $DBU -c "select relfilenode, n.nspname || '.' || relname from pg_class c
  join pg_namespace n on n.oid = c.relnamespace where relfilenode <> 0" > "$OUT/relations"
wait $SUITE
MESSAGES=$((RATE * WINDOW))
awk -F'|' -v msgs=$MESSAGES -v hz=$(getconf CLK_TCK) '
  FILENAME ~ /a.ticks$/ { split($0, f, " "); a[f[1]] = f[2]; next }
  FILENAME ~ /b.ticks$/ { split($0, f, " "); b[f[1]] = f[2]; next }
  FILENAME ~ /act$/ { kind = $2; q = tolower($3)
    if (kind == "client backend") kind = q ~ /^vacuum/ ? "vacuum" : q ~ /billing\./ ? "billing" : q ~ /usage_outbox/ ? "usage relay" : "session"
    what[$1] = kind; next }
  FILENAME ~ /a.db$/ { c0 = $1; r0 = $2; w0 = $3; next }
  FILENAME ~ /b.db$/ { c1 = $1; r1 = $2; w1 = $3; next }
  END {
    for (p in b) { t = b[p] - a[p]; k = (p in what) ? what[p] : "gone"; by[k] += t; all += t }
    printf "PostgreSQL CPU over %d messages, µs per message, by process:\n", msgs
    for (k in by) if (by[k] > 0) printf "  %-22s %6.0f\n", k, by[k] / hz / msgs * 1e6
    printf "  %-22s %6.0f\ncommits %.2f, WAL records %.1f, WAL bytes %.0f per message\n", "all", all / hz / msgs * 1e6,
      (c1 - c0) / msgs, (r1 - r0) / msgs, (w1 - w0) / msgs }' \
  "$OUT/a.ticks" "$OUT/b.ticks" "$OUT/a.act" "$OUT/b.act" "$OUT/a.db" "$OUT/b.db"
echo "statements: calls and rows per message, execution µs per message (waits for a core included), top level or nested:"
awk -F'|' -v msgs=$MESSAGES '{ printf "  %5.2f %5.2f %6.0f %s %s\n", $1 / msgs, $2 / msgs, $3 * 1000 / msgs,
  $4 == "t" ? "top" : "nested", $5 }' "$OUT/statements"
echo "rows per message by table: inserted, updated (of them heap-only), deleted:"
awk -F'|' -v msgs=$MESSAGES 'FILENAME ~ /a.tables$/ { for (i = 2; i <= 5; i++) a[$1, i] = $i; next }
  { if ($2 + $3 + $5 - a[$1, 2] - a[$1, 3] - a[$1, 5] > 0) printf "  %5.2f %5.2f (%5.2f) %5.2f %s\n", ($2 - a[$1, 2]) / msgs,
      ($3 - a[$1, 3]) / msgs, ($4 - a[$1, 4]) / msgs, ($5 - a[$1, 5]) / msgs, $1 }' "$OUT/a.tables" "$OUT/b.tables"
echo "WAL records per message by relation and kind (row locks by mode), 0.1 and more:"
awk -F'|' -v msgs=$MESSAGES 'FILENAME ~ /relations$/ { name[$1] = $2; next }
  { r = ($1 in name) ? name[$1] : ($1 == "" ? "-" : "relation " $1); k = r " " $2 ($3 == "" ? "" : " " $3); n[k] += $4; all += $4 }
  END { for (k in n) if (n[k] / msgs >= 0.1) printf "  %5.2f %s\n", n[k] / msgs, k; printf "  %5.2f all\n", all / msgs }' \
  "$OUT/relations" "$OUT/wal" | sort -k2 | sort -rn -s -k1,1
grep "Parley   $RATE msg/s" "$OUT/log.txt"
