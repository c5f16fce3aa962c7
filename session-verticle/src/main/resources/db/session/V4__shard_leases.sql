-- Session shards: which session process may serve which users (parley.session.ShardLeases).
-- The shard count every process must agree on; one row, written by the first process to start.
create table shard_settings (
  id     boolean primary key default true check (id),
  shards integer not null check (shards > 0)
);

-- One row per shard. A lease is held while expires_at is in the future (the database's clock);
-- every takeover raises the epoch, and writes carry the epoch they were made under.
create table shard_leases (
  shard      integer primary key,
  owner      text,
  epoch      bigint not null default 0,
  expires_at timestamptz not null default '-infinity'
);

-- Session processes that are running now (renewed with their leases): the fair share of
-- shards is counted over them, so a newcomer that holds nothing yet is counted too.
create table shard_owners (
  owner      text primary key,
  expires_at timestamptz not null
);
