-- Each chat's newest message id (V13's session.chats) changes with every message stored, twice a
-- relayed message, and V13's index on (user_id, last_id) made each change write the row anew into
-- both of the table's indexes (no heap-only update: the changed column was indexed). In the suite
-- at 500 msg/s that upsert took 63–83 µs of PostgreSQL's time a call with the index and 35–48
-- without it (issue 16, docs/benchmarks.md). Without it the change is made on the row's page, and
-- a page of recent chats sorts the user's chats (one row per chat, read by the primary key)
-- instead of reading them in order from the index: a chat is a row, not a message, so that stays
-- small. Room on each page for the new versions (one row per chat: half-full pages cost little);
-- it applies to pages written from now on.
--
-- Outside a transaction (.conf): DROP INDEX CONCURRENTLY cannot run in one, and a plain DROP INDEX
-- would stop messages being stored (their trigger writes session.chats) while it waits for its
-- lock. Every step can be run again.

alter table session.chats set (fillfactor = 50);
drop index concurrently if exists session.chats_recent;
