-- pgbench script: :rows received messages of :rows users (of session-schema.sh's 50) as ONE statement,
-- HistoryStore's multi-row APPEND_RECEIVED (fence, history row, usage outbox row, archive position, unread
-- upsert), rows made here instead of bound as arrays; -D direction=in|out (out: no usage record, no unread),
-- -D archive=1|0 (whether the account's archive position is written). Driven by rows-per-statement.sh.
\set k random(10, 60 - :rows)
with fenced as (
  select i.*, exists (select 1 from session.shard_leases f where f.shard = i.shard and f.owner = i.owner
      and f.epoch = i.epoch and f.expires_at > now() for key share) as ok
  from (select b.user_id, b.account_id, 'peer@example.org'::text as peer,
          repeat('x', 100) as body,
          '{"kind":"message-received","userId":"u","accountId":"a","network":"xmpp","bytes":100}'::text as usage,
          null::bigint as sent_ts, 0 as shard, 'bench'::text as owner, 1::bigint as epoch,
          md5(random()::text) as event_id, md5(random()::text) as stanza_id, :direction::text as direction,
          case when :archive::int = 1 then md5(random()::text) end as archive_id, null::text as marker_id, null::text as remote_id, b.n
        from public.bench_users b where b.n >= :k::int and b.n < :k::int + :rows::int) i
), message as (
  insert into session.messages (user_id, account_id, peer, direction, body, sent_at, event_id, stanza_id, marker_id, remote_id)
  select user_id, account_id, peer, direction, body,
      least(timestamptz 'epoch' + sent_ts * interval '1 millisecond', now()), event_id, stanza_id, marker_id, remote_id
  from fenced where ok order by n
  on conflict do nothing
  returning id, user_id, (extract(epoch from date_trunc('milliseconds', sent_at)) * 1000)::bigint as ts
), usage as (
  insert into session.usage_outbox (id, record)
  select 'msg:' || m.id, f.usage::jsonb || jsonb_build_object('id', 'msg:' || m.id,
      'ts', (extract(epoch from date_trunc('milliseconds', now())) * 1000)::bigint)
  from message m join fenced f using (user_id) where f.direction = 'in'
  on conflict (id) do nothing
), archive as (
  update session.im_accounts a set archive_id = f.archive_id from fenced f
  where a.id = f.account_id and f.archive_id is not null and f.ok
), unread as (
  insert into session.unread (user_id, account_id, peer, count)
  select f.user_id, f.account_id, f.peer, 1 from message m join fenced f using (user_id) where f.direction = 'in'
  on conflict (user_id, account_id, peer) do update set count = session.unread.count + 1
)
select f.n, f.ok, m.id, m.ts from fenced f left join message m using (user_id);
