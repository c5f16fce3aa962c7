-- A search language per user (search.language.set): besides the words as written (V9's 'simple'
-- configuration, for every language), a user who picks one also gets that language's stems in each
-- message's words, so "runs" finds "running" for an English user and "Haus" finds "Häuser" for a
-- German one. Null: none, as before.
--
-- Touches no message: the column is added to the small users table (no default, so no rewrite), and
-- the trigger that V9 put on messages gets a new function body. Messages stored before a user picks a
-- language keep their words as they were (the page says the choice applies from then on); they are
-- still found by the words as written and by prefixes.
--
-- Runs outside a transaction (V20__search_language.sql.conf), as V9: the ANALYZE at the end reads a
-- sample of a big messages table for seconds, and in one transaction the users table would stay
-- locked by the ALTER meanwhile (and with it every message stored, whose trigger reads it). Each
-- statement commits on its own; every step can be run again.

-- The configurations the contract offers (SearchLanguageSet.LANGUAGES): a bad value here would make
-- every message of that user fail to store, so the database refuses one.
alter table session.users add column if not exists search_language text
  constraint users_search_language check (search_language in ('danish', 'dutch', 'english', 'finnish', 'french',
    'german', 'hungarian', 'italian', 'norwegian', 'portuguese', 'romanian', 'russian', 'spanish', 'swedish', 'turkish'));

-- One primary-key lookup of the user's language per stored message (and a second to_tsvector only
-- for users who picked a language).
create or replace function session.messages_search_vector() returns trigger language plpgsql as $$
declare
  language regconfig;
begin
  new.search := to_tsvector('simple'::regconfig, new.body);
  select search_language::regconfig into language from session.users where id = new.user_id;
  if language is not null then
    new.search := new.search || to_tsvector(language, new.body);
  end if;
  return new;
end
$$;

-- Finer word statistics for the planner. A language adds a second form of many words to each
-- message, and a searched word becomes "as written OR its stem"; with the default statistics (the
-- 1,000 most common words) PostgreSQL estimated such a rare word at ~1,000 matches in 1,200,000
-- messages (it had ~100) and walked the user's messages newest first instead of asking the word
-- index: 200 ms instead of 1 ms (docs/benchmarks.md, "History search"). 10,000 words kept; ANALYZE
-- reads a larger sample (3.5 s on 1,200,000 messages), taking no lock that stops messages being stored.
alter table session.messages alter column search set statistics 1000;
analyze session.messages (search);
