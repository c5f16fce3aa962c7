-- What a new shard owner needs to take over a user (parley.session.UserStateStore): written by the
-- owner under its shard's fence, read back when the user is loaded.

-- Unread messages per chat; raised in the statement that stores the received message.
create table unread (
  user_id    uuid not null references users(id) on delete cascade,
  account_id uuid not null references im_accounts(id) on delete cascade,
  peer       text not null,
  count      integer not null check (count > 0),
  primary key (user_id, account_id, peer)
);

-- Contacts asking to see the user's presence, until the user answers.
create table subscription_requests (
  user_id    uuid not null references users(id) on delete cascade,
  account_id uuid not null references im_accounts(id) on delete cascade,
  jid        text not null,
  primary key (user_id, account_id, jid)
);

-- The presence the user set for themselves.
create table own_presence (
  user_id uuid primary key references users(id) on delete cascade,
  show    text not null,
  status  text not null
);

-- The protocol node holding the account's connection now (null: none known).
alter table im_accounts add column node_id text;

-- A node's id for a received message ("<nodeId>:<n>"): an event sent again is stored once.
alter table messages add column event_id text;
create unique index messages_by_event on messages (user_id, event_id) where event_id is not null;
