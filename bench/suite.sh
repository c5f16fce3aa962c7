#!/bin/sh
# Benchmark suite (Parley against the direct XMPP path, one node's limits): builds the jar (no
# tests) and runs it. Needs Prosody (/usr/bin/prosody) and a PostgreSQL server:
#   PARLEY_TEST_DB_URL=postgresql://user:pw@127.0.0.1:5432/postgres bench/suite.sh [--quick] [options]
# Options (docs/benchmarks.md): --runs N --users N --rates R1,R2 --warmup S --warmup-max S --duration S --rampup S
#   --size BYTES --sessions N --backlog N --out DIR --profile --parley-jvm "OPTS" --async-commit
#   --capacity-only (no rate steps, no backlog) --tls off,on (capacity runs without TLS, with STARTTLS; on-jdk: the node
#   on the JDK TLS engine) --no-direct --session name=value,… (Parley's session settings, e.g. messageWritesInFlight=6)
#   --event-loops N (Parley's vertx.eventLoops)
set -e
: "${PARLEY_TEST_DB_URL:?set PARLEY_TEST_DB_URL=postgresql://user:password@127.0.0.1:5432/postgres (a fresh database is created on it)}"
cd "$(dirname "$0")/.."
# Migrations only from the sources: one deleted there stays in target/classes, and went into the
# jars measured for hours once (docs/benchmarks.md, "A correction").
rm -rf session-verticle/target/classes/db billing-verticle/target/classes/db
mvn -B -q -pl bench -am package -DskipTests
exec java -Xss512k -Djava.awt.headless=true -Dlogback.configurationFile=conf/logback.xml \
  -cp bench/target/parley-bench.jar parley.bench.Suite "$@"
