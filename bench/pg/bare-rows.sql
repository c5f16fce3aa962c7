-- pgbench script: the least a received message can write, as a floor for received-rows.sql: :rows rows of
-- user, account, peer, direction and text in a table with only its primary key (public.bare, made by
-- session-schema.sh), as ONE statement.
\set k random(10, 60 - :rows)
insert into public.bare (user_id, account_id, peer, direction, body)
select b.user_id, b.account_id, 'peer@example.org', 'in', repeat('x', 100)
from public.bench_users b where b.n >= :k::int and b.n < :k::int + :rows::int;
