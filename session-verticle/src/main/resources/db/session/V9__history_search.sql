-- Search over all of a user's history (history.search) and export pages (history.export).
--
-- Runs outside a transaction (V9__history_search.sql.conf): CREATE INDEX CONCURRENTLY cannot run in
-- one, and on a big messages table nothing here may hold a lock for long, or no message could be
-- stored meanwhile. Each statement commits on its own; every step can be run again.
--
-- Each message keeps its words as a tsvector (search), which the search reads instead of working
-- them out from the text again for every message it looks at (to_tsvector costs ~13 µs a message;
-- a search for a middle-frequency word walks a few thousand of them). The text search configuration
-- is 'simple' (lower case, no stemming, no stop words): a user's messages are in many languages and
-- none says which, and a stemmer of one language would mangle words of the others. Queries use
-- to_tsquery('simple', …) to match.

-- A column without a default: added at once, no rewrite of the table.
alter table session.messages add column if not exists search tsvector;

-- Kept by the database for every new message and every change of a text (corrections, retractions).
create or replace function session.messages_search_vector() returns trigger language plpgsql as $$
begin
  new.search := to_tsvector('simple'::regconfig, new.body);
  return new;
end
$$;
drop trigger if exists messages_search_vector on session.messages;
create trigger messages_search_vector before insert or update of body on session.messages
  for each row execute function session.messages_search_vector();

-- The messages stored before: in batches of 10,000, each committed on its own, so no row stays
-- locked for long (new ones get theirs from the trigger meanwhile).
do $$
declare
  done bigint := 0;
  top bigint;
begin
  select coalesce(max(id), 0) into top from session.messages;
  while done < top loop
    update session.messages set search = to_tsvector('simple'::regconfig, body)
    where id > done and id <= done + 10000 and search is null;
    done := done + 10000;
    commit;
  end loop;
end
$$;

-- Built CONCURRENTLY: a plain CREATE INDEX would block every insert for as long as the build takes.
-- A build that failed leaves an invalid index behind: the DROP first makes a second run (after
-- flyway repair) build it afresh.
drop index concurrently if exists session.messages_search;
create index concurrently messages_search on session.messages using gin (search);

-- A user's messages in order over all chats: search results newest first (for common words the
-- planner walks this backwards and checks each message's words), and the export's pages.
drop index concurrently if exists session.messages_by_user;
create index concurrently messages_by_user on session.messages (user_id, id);
