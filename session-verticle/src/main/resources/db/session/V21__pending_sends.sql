-- Each user's outgoing messages still pending (stored, not yet known to be sent), which the next
-- owner of the user settles when it loads the user (V19): a table of their own instead of V19's
-- partial index on status. An index whose condition names a column makes every change of that
-- column write a new entry in each of the messages' indexes (no heap-only update), so with it each
-- "sent", "delivered" and "read" mark wrote the row again into all of them, the search index's
-- words included.
--
-- Kept by the database, so a session process of the version before this one, still running in a
-- rolling upgrade, keeps it right too. Runs outside a transaction (.conf), as V13: the triggers are
-- in place before the messages pending now are filled in, and every step can be run again.

create table if not exists session.pending_sends (
  user_id    uuid not null,
  message_id bigint not null,
  primary key (user_id, message_id)
);

create or replace function session.pending_sends_follow() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into session.pending_sends (user_id, message_id) values (new.user_id, new.id);
  else
    delete from session.pending_sends where user_id = old.user_id and message_id = old.id;
  end if;
  return null;
end
$$;

-- Only a row that is or was pending calls the function; the others cost the condition alone.
drop trigger if exists pending_sends_stored on session.messages;
create trigger pending_sends_stored after insert on session.messages
  for each row when (new.status = 'pending') execute function session.pending_sends_follow();
drop trigger if exists pending_sends_settled on session.messages;
create trigger pending_sends_settled after update of status on session.messages
  for each row when (old.status = 'pending' and new.status <> 'pending') execute function session.pending_sends_follow();
drop trigger if exists pending_sends_deleted on session.messages;
create trigger pending_sends_deleted after delete on session.messages
  for each row when (old.status = 'pending') execute function session.pending_sends_follow();

-- The messages pending now. One settled while this runs may stay listed: settling reads the
-- message's own status, so such an entry only costs its row.
insert into session.pending_sends (user_id, message_id)
select user_id, id from session.messages where status = 'pending'
on conflict do nothing;

drop index concurrently if exists session.messages_pending;
