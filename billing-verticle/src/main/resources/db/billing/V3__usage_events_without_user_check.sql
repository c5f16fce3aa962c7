-- usage_events keeps each record id once; that is all exactly-once needs of it. Its foreign key
-- on users was checked row by row (one lookup per record, half the cost of recording a batch,
-- issue 16) and guarded nothing more: the batch's transaction reads the records' users first and
-- quarantines those of unknown users, the counters it writes in the same transaction reference
-- users (one row per user and kind, not per record), and billing never deletes a user.
alter table usage_events drop constraint usage_events_user_id_fkey;
