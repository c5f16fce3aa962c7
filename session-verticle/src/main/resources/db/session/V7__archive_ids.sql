-- XEP-0359 stanza ids, as the account's own IM server stamped them: a message is stored once per
-- account however often it comes (live, again after a reconnect, from the server's archive).
alter table messages add column stanza_id text;
create unique index messages_stanza_id on messages (account_id, stanza_id) where stanza_id is not null;
-- The last id of the server's archive (XEP-0313) stored for the account: the next connect fetches
-- what came after it. Null before the first, and again when the login changes.
alter table im_accounts add column archive_id text;
