-- Parley users, their IM accounts and message history. Everything of the session verticle
-- lives in the "session" schema.
create table users (
  id            uuid primary key,
  username      text not null unique,
  password_hash text not null,
  created_at    timestamptz not null default now()
);

create table im_accounts (
  id           uuid primary key,
  user_id      uuid not null references users(id) on delete cascade,
  network      text not null,
  login        text not null,
  -- AES-GCM: 12-byte nonce followed by ciphertext and tag.
  secret       bytea not null,
  host         text,
  port         integer,
  tls          text not null,
  -- Whether the user wants this account online; idle close and sign-out keep it.
  auto_connect boolean not null default true,
  created_at   timestamptz not null default now(),
  unique (user_id, network, login)
);

create table messages (
  id         bigserial primary key,
  user_id    uuid not null references users(id) on delete cascade,
  account_id uuid not null references im_accounts(id) on delete cascade,
  peer       text not null,
  direction  text not null check (direction in ('in', 'out')),
  body       text not null,
  sent_at    timestamptz not null default now()
);

create index messages_by_chat on messages (user_id, account_id, peer, id);
