-- Each page of the messages keeps a tenth free for the status marks (sent, delivered, read) that
-- come after its rows are stored. A mark changes no indexed column, so PostgreSQL writes it on the
-- row's own page (heap-only) when the page has room; under load the page has filled with later
-- messages by the time the mark comes, and without the room a fifth to two fifths of the sent marks
-- wrote their row anew on another page and into every index, the search index's words included
-- (issue 16, docs/benchmarks.md). Applies to pages filled from now on; takes no lock that stops writes.
alter table session.messages set (fillfactor = 90);
