#!/bin/sh
# bench/pg/session-schema.sh DBNAME: a fresh database DBNAME with the session schema through V14 (psql, in
# Flyway's order), 10 users with one account each, shard 0 leased to "bench" (what received-message.sql
# writes as). PARLEY_BENCH_PG names the server (default: the shared test PostgreSQL).
set -e
U=${PARLEY_BENCH_PG:-postgresql://postgres:postgres@127.0.0.1:55432}
psql $U/postgres -qc "drop database if exists $1" -qc "create database $1"
psql $U/$1 -qc "create schema session"
M="$(dirname "$0")/../../session-verticle/src/main/resources/db/session"
for f in V1__ V2__ V3__ V3_1__ V4__ V5__ V6__ V7__ V8__ V9__ V10__ V11__ V12__ V13__ V14__; do
  PGOPTIONS='-c search_path=session' psql -q -v ON_ERROR_STOP=1 $U/$1 -f $M/$f*.sql >/dev/null
done
psql -q -v ON_ERROR_STOP=1 $U/$1 <<'SQL'
insert into session.users (id, username, password_hash) select ('00000000-0000-0000-0000-0000000000' || lpad(i::text, 2, '0'))::uuid, 'u' || i, 'x' from generate_series(10, 19) i;
insert into session.im_accounts (id, user_id, network, login, secret, tls) select ('00000000-0000-0000-0001-0000000000' || lpad(i::text, 2, '0'))::uuid, ('00000000-0000-0000-0000-0000000000' || lpad(i::text, 2, '0'))::uuid, 'xmpp', 'u' || i, '\x00', 'off' from generate_series(10, 19) i;
insert into session.shard_leases (shard, owner, epoch, expires_at) values (0, 'bench', 1, 'infinity');
SQL
