-- Search over all of a user's history (history.search) and export pages (history.export).
-- Built CONCURRENTLY: on a big messages table a plain CREATE INDEX would block every insert (no
-- message could be stored) for as long as the build takes. CONCURRENTLY cannot run inside a
-- transaction, so this migration runs without one (V9__history_search.sql.conf); each statement
-- commits on its own. A build that failed leaves an invalid index behind: the DROP first makes
-- running the migration again (after flyway repair) build it afresh.
--
-- The text search configuration is 'simple' (lower case, no stemming, no stop words): a user's
-- messages are in many languages and none says which, and a stemmer of one language would mangle
-- words of the others. Queries must use the same expression, to_tsvector('simple', body).
drop index concurrently if exists session.messages_search;
create index concurrently messages_search on session.messages using gin (to_tsvector('simple'::regconfig, body));

-- A user's messages in order over all chats: search results newest first (for common words the
-- planner walks this backwards and checks each text), and the export's pages.
drop index concurrently if exists session.messages_by_user;
create index concurrently messages_by_user on session.messages (user_id, id);
