#!/bin/sh
# Chaos benchmark (issue 11): a whole Parley cluster of separate JVMs on loopback (2 session, 2 XMPP,
# 2 web, 1 billing, Prosody), numbered messages between pairs of users, each kind of process killed
# (SIGKILL) and started again in turn; prints per kind the median time until users are served again
# and the messages delayed, lost and doubled. Builds the jar (no tests) and runs it. Needs Prosody and
# a PostgreSQL server (a fresh database is created on it):
#   PARLEY_TEST_DB_URL=postgresql://user:pw@127.0.0.1:5432/postgres bench/chaos.sh [--quick] [--kills N]
#     [--pairs N] [--interval-ms MS] [--lease-ms MS] [--renew-ms MS] [--kinds session,xmpp,web,billing,prosody]
#     [--down-ms MS] [--out DIR] [--config JSON (merged into every process's configuration)]
set -e
: "${PARLEY_TEST_DB_URL:?set PARLEY_TEST_DB_URL=postgresql://user:password@127.0.0.1:5432/postgres (a fresh database is created on it)}"
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java -Xss512k -Dlogback.configurationFile=conf/logback.xml -cp bench/target/parley-bench.jar parley.bench.cluster.Chaos "$@"
