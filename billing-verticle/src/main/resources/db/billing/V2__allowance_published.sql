-- What billing last published per user on parley.session.billing-status: the error code, or ''
-- when the user may send. Kept here, not in a process, so any number of billing processes publish
-- each change once (the one that moves this row publishes it).
create table allowance_published (
  user_id uuid primary key references users(user_id),
  code    text not null,
  at      timestamptz not null default now()
);
