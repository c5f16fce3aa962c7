-- As received-message.sql, with the chat's newest id (session.chats) upserted in the same statement
-- instead of by V13's trigger: run it on a database whose trigger was dropped.
select pg_backend_pid() as pid \gset
\setenv BPID :pid
\! awk '{print $14+$15}' /proc/$BPID/stat > /tmp/parley-pg-cpu0
do $$
declare u int; p int;
begin
  for i in 1..4000 loop
    u := 10 + (i % 10); p := 1 + (i % 5);
    with fence as (select exists (select 1 from session.shard_leases f where f.shard = 0 and f.owner = 'bench' and f.epoch = 1 and f.expires_at > now() for key share) as ok), message as (insert into session.messages (user_id, account_id, peer, direction, body, sent_at, event_id) select ('00000000-0000-0000-0000-0000000000' || u)::uuid, ('00000000-0000-0000-0001-0000000000' || u)::uuid, 'peer' || p || '@example.org', 'in', 'hello there, a message of about one hundred bytes as the suite sends it ..................', now(), 'e' || i || random() from fence where fence.ok on conflict do nothing returning id), usage as (insert into session.usage_outbox (id, record) select 'msg:' || id, jsonb_build_object('id', 'msg:' || id, 'kind', 'message-received') from message), unread as (insert into session.unread (user_id, account_id, peer, count) select ('00000000-0000-0000-0000-0000000000' || u)::uuid, ('00000000-0000-0000-0001-0000000000' || u)::uuid, 'peer' || p || '@example.org', 1 from message on conflict (user_id, account_id, peer) do update set count = session.unread.count + 1), chats as (insert into session.chats (user_id, account_id, peer, last_id) select ('00000000-0000-0000-0000-0000000000' || u)::uuid, ('00000000-0000-0000-0001-0000000000' || u)::uuid, 'peer' || p || '@example.org', id from message on conflict (user_id, account_id, peer) do update set last_id = greatest(session.chats.last_id, excluded.last_id)) select 1 into u;
    commit;
  end loop;
end $$;
\! echo $(( $(awk '{print $14+$15}' /proc/$BPID/stat) - $(cat /tmp/parley-pg-cpu0) ))
