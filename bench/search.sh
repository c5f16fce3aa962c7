#!/bin/sh
# History search benchmark: builds the jar (no tests) and runs it.
#   PARLEY_BENCH_DB_URL=postgresql://user:pw@127.0.0.1:5432/postgres bench/search.sh [messages] [queries] [otherMessages]
set -e
cd "$(dirname "$0")/.."
mvn -B -q -o -pl bench -am package -DskipTests
exec java -Dlogback.configurationFile=conf/logback.xml -cp bench/target/parley-bench.jar parley.bench.SearchBenchmark "$@"
