#!/bin/sh
# bench/pg/rows-per-statement.sh DBNAME SCRIPT ROWS ROWS_PER_SECOND [pgbench options...]: PostgreSQL's CPU per
# stored row when SCRIPT (received-rows or bare-rows, in this folder) writes ROWS rows per statement, each statement
# its own transaction: 20 s of pgbench paced at ROWS_PER_SECOND rows over 4 connections, the CPU of
# every process of the server's OS user (PARLEY_BENCH_PG_OS_USER, default postgres: it must run on this machine)
# over the middle 10 s, and the WAL written per row over the 20 s. DBNAME is made by session-schema.sh.
# PARLEY_BENCH_PG names the server as there.
set -e
U=${PARLEY_BENCH_PG:-postgresql://postgres:postgres@127.0.0.1:55432}
DB=$1; SCRIPT=$2; ROWS=$3; RATE=$4
shift 4
cpu() { for p in $(pgrep -u "${PARLEY_BENCH_PG_OS_USER:-postgres}" postgres); do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null; done \
  | awk '{s+=$1} END {print s}'; }
OUT=$(mktemp)
lsn() { psql -qAt $U/$DB -c "select pg_current_wal_lsn()"; }
W0=$(lsn)
pgbench -n -c 4 -j 2 -T 20 -R $((RATE / ROWS)) -M prepared -D rows=$ROWS -D direction=in -D archive=1 "$@" \
  -f "$(dirname "$0")/$SCRIPT.sql" $U/$DB > $OUT 2>&1 &
sleep 5; A=$(cpu); sleep 10; B=$(cpu)
wait $!
WAL=$(psql -qAt $U/$DB -c "select pg_wal_lsn_diff('$(lsn)', '$W0')")
TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' $OUT)
awk -v a=$A -v b=$B -v tps=$TPS -v rows=$ROWS -v hz=$(getconf CLK_TCK) -v s="$SCRIPT $*" -v wal=$WAL 'BEGIN {
  printf "%s, %d rows per statement: %.0f rows/s, PostgreSQL CPU %.0f µs per row, WAL %.0f bytes per row\n", s, rows,
    tps * rows, (b - a) / hz / 10 / (tps * rows) * 1e6, wal / (tps * rows * 20) }'
rm -f $OUT
