-- Group chats (XEP-0045). The rooms each account is in, with the nickname it took: joined again
-- after each connect (parley.session.RoomStore). Room passwords are not kept.
create table rooms (
  user_id    uuid not null references users(id) on delete cascade,
  account_id uuid not null references im_accounts(id) on delete cascade,
  room       text not null,
  nick       text not null,
  primary key (account_id, room)
);

-- A room's message keeps its sender's nickname, and the id the room stamped on it (XEP-0359, by
-- the room): the room sends its recent history on each join, and a message it sends again is
-- stored once per room.
alter table messages add column nick text;
alter table messages add column room_stanza_id text;
create unique index messages_room_stanza_id on messages (account_id, peer, room_stanza_id) where room_stanza_id is not null;
