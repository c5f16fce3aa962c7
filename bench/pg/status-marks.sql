-- pgbench script: one sent message's own writes, each its own transaction as the session makes them one at a
-- time: stored pending with the page's client id, marked sent, marked delivered (the usage record, fence and
-- chats of those statements left out: the same either way). For how the marks change the row: heap-only or
-- not (V21). :rows is ignored (1). Driven by rows-per-statement.sh.
\set u random(10, 59)
with message as (
  insert into session.messages (user_id, account_id, peer, direction, body, status, client_id)
  select b.user_id, b.account_id, 'peer@example.org', 'out', repeat('word ', 20), 'pending', md5(random()::text)
  from public.bench_users b where b.n = :u
  returning id)
select id as mid from message \gset
update session.messages set status = 'sent' where id = :mid and direction = 'out';
update session.messages set status = 'delivered' where id = :mid and direction = 'out';
