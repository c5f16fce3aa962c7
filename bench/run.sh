#!/bin/sh
# Usage accounting benchmark: builds the jar (no tests) and runs it.
#   PARLEY_BENCH_DB_URL=postgresql://user:pw@127.0.0.1:5432/postgres bench/run.sh [events] [users] [ratePerSecond]
set -e
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java -Dlogback.configurationFile=conf/logback.xml -jar bench/target/parley-bench.jar "$@"
