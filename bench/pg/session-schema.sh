#!/bin/sh
# bench/pg/session-schema.sh DBNAME: a fresh database DBNAME with the session schema (every migration, psql, in
# Flyway's order), 50 users with one account each, shard 0 leased to "bench" (what received-message.sql and
# received-rows.sql write as). PARLEY_BENCH_PG names the server (default: the shared test PostgreSQL).
set -e
U=${PARLEY_BENCH_PG:-postgresql://postgres:postgres@127.0.0.1:55432}
psql $U/postgres -qc "drop database if exists $1" -qc "create database $1"
psql $U/$1 -qc "create schema session"
M="$(dirname "$0")/../../session-verticle/src/main/resources/db/session"
# Flyway's order: by version, 3_1 after 3.
for f in $(ls $M | sed -n 's/^V\([0-9_]*\)__.*/\1/p' | sort -t_ -k1,1n -k2,2n); do
  PGOPTIONS='-c search_path=session -c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 $U/$1 -f $M/V${f}__*.sql >/dev/null
done
psql -q -v ON_ERROR_STOP=1 $U/$1 <<'SQL'
insert into session.users (id, username, password_hash) select ('00000000-0000-0000-0000-0000000000' || lpad(i::text, 2, '0'))::uuid, 'u' || i, 'x' from generate_series(10, 59) i;
insert into session.im_accounts (id, user_id, network, login, secret, tls) select ('00000000-0000-0000-0001-0000000000' || lpad(i::text, 2, '0'))::uuid, ('00000000-0000-0000-0000-0000000000' || lpad(i::text, 2, '0'))::uuid, 'xmpp', 'u' || i, '\x00', 'off' from generate_series(10, 59) i;
insert into session.shard_leases (shard, owner, epoch, expires_at) values (0, 'bench', 1, 'infinity');
-- The users by number (10 to 59), for pgbench scripts that pick some.
create table public.bench_users as select i as n, ('00000000-0000-0000-0000-0000000000' || i)::uuid as user_id,
  ('00000000-0000-0000-0001-0000000000' || i)::uuid as account_id from generate_series(10, 59) i;
-- What bare-rows.sql writes: a received message's fields in a table with only its primary key.
create table public.bare (id bigserial primary key, user_id uuid not null, account_id uuid not null, peer text not null,
  direction text not null, body text not null, sent_at timestamptz not null default now());
SQL
