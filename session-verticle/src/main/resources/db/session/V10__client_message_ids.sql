-- The page's own id for a message it sends (message.send clientId): a send cut off by a lost
-- connection and sent again with the same id finds the first one instead of storing and sending
-- it twice. Unique per user; messages without one (received, older, from other clients) have none.
alter table messages add column client_id text;
create unique index messages_client_id on messages (user_id, client_id) where client_id is not null;
