-- Usage records waiting for billing to acknowledge them. A record is written in the same
-- transaction as what it accounts for (a history row, a sign-up), so none is lost; its id is
-- derived from that (msg:<history id>, online:<account>:<minute>, user:<user id>), so writing or
-- sending one twice is harmless. The relay deletes a row once billing has acknowledged it.
create table usage_outbox (
  seq        bigserial primary key,
  id         text not null unique,
  record     jsonb not null,
  created_at timestamptz not null default now()
);

-- Users who signed up before billing existed become known to it like new ones.
insert into usage_outbox (id, record)
select 'user:' || id::text,
       jsonb_build_object('id', 'user:' || id::text, 'userId', id::text, 'kind', 'user-signed-up',
                          'username', username, 'ts', (extract(epoch from created_at) * 1000)::bigint)
from users
order by created_at;
