-- The cluster member (Hazelcast member id) each session process runs as, so that when the cluster
-- says a member left, the others end its leases at once instead of waiting for them to run out
-- (parley.session.ShardLeases#endLeasesOf). Null for a process that is not clustered.
alter table shard_owners add column member text;
-- Set when the others ended this owner's leases because the cluster removed its member: it takes
-- no shards (and ends nobody's leases) until it sees every live owner in its cluster again.
alter table shard_owners add column removed_at timestamptz;
