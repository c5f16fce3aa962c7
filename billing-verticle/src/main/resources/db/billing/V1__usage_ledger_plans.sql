-- Everything of the billing verticle lives in the "billing" schema.

-- Users billing knows of (from the session's sign-up records), their plan and whether an admin
-- suspended them.
create table users (
  user_id    uuid primary key,
  username   text not null,
  plan       text not null,
  suspended  boolean not null default false,
  created_at timestamptz not null default now()
);
create index users_by_name on users (username);

-- Each usage record once: the primary key is what makes accounting exactly once.
create table usage_events (
  id          text primary key,
  user_id     uuid not null references users(user_id),
  account_id  text not null,
  network     text not null,
  kind        text not null,
  bytes       bigint not null,
  ts          timestamptz not null,
  recorded_at timestamptz not null default now()
);

-- Counters per user, UTC day, network and kind, updated in the transaction that records the events.
create table usage_daily (
  user_id uuid not null references users(user_id),
  day     date not null,
  network text not null,
  kind    text not null,
  count   bigint not null,
  bytes   bigint not null,
  primary key (user_id, day, network, kind)
);

-- Append-only: the balance is the sum of amounts. Amounts in minor units (cents), charges negative.
create table ledger (
  id         bigserial primary key,
  user_id    uuid not null references users(user_id),
  at         timestamptz not null default now(),
  entry      text not null check (entry in ('usage', 'top-up', 'adjustment', 'refund')),
  amount     bigint not null,
  currency   text not null,
  network    text,
  usage_kind text,
  quantity   bigint,
  who        text not null,
  why        text not null
);
create index ledger_by_user on ledger (user_id, at);

create rule ledger_no_update as on update to ledger do instead nothing;
create rule ledger_no_delete as on delete to ledger do instead nothing;

-- Records billing refused to count, with the reason. Never counted.
create table quarantine (
  id       bigserial primary key,
  event_id text,
  record   text not null,
  reason   text not null,
  at       timestamptz not null default now()
);
create unique index quarantine_once on quarantine (event_id) where event_id is not null;

-- Plans an admin changed; they override conf/parley.json's billing.plans of the same name.
create table plans (
  name       text primary key,
  definition jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
