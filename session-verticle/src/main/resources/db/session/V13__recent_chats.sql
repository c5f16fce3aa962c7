-- Recent conversations (chats.recent): each chat of a user (an account and a peer: a person or a
-- room) with the id of its newest stored message, newest chat first by an index.
--
-- Why a table of its own: finding each chat's newest message in session.messages walks all of a
-- user's messages (a user with one busy chat and fifty quiet ones would read every message of the
-- busy one to reach the others); here a page of recent chats reads one index entry per chat shown.
--
-- Runs outside a transaction (V13__recent_chats.sql.conf), as V9: the trigger is in place before
-- the chats of older messages are filled in, so no message is missed, and the fill takes no lock
-- that would stop messages being stored meanwhile. Every step can be run again.

create table if not exists session.chats (
  user_id    uuid not null references session.users(id) on delete cascade,
  account_id uuid not null references session.im_accounts(id) on delete cascade,
  peer       text not null,
  last_id    bigint not null,
  primary key (user_id, account_id, peer)
);
create index if not exists chats_recent on session.chats (user_id, last_id);

-- Kept by the database for every new message (messages are never moved to another chat).
create or replace function session.chats_last_message() returns trigger language plpgsql as $$
begin
  insert into session.chats (user_id, account_id, peer, last_id)
  values (new.user_id, new.account_id, new.peer, new.id)
  on conflict (user_id, account_id, peer) do update set last_id = greatest(session.chats.last_id, excluded.last_id);
  return null;
end
$$;
drop trigger if exists chats_last_message on session.messages;
create trigger chats_last_message after insert on session.messages
  for each row execute function session.chats_last_message();

-- The chats of messages stored before (the trigger keeps the newer ones meanwhile; greatest() lets
-- both orders end the same).
insert into session.chats (user_id, account_id, peer, last_id)
select user_id, account_id, peer, max(id) from session.messages group by user_id, account_id, peer
on conflict (user_id, account_id, peer) do update set last_id = greatest(session.chats.last_id, excluded.last_id);
