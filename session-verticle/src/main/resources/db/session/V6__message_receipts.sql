-- Receipts and chat markers (XMPP XEP-0184, XEP-0333): an outgoing message can also be
-- delivered (the peer's client got it) or read (the peer saw it). A received message keeps the
-- id its sender's client gave it when it may be marked (marker_id), so that Parley can say when
-- the person has seen it.
alter table messages drop constraint messages_status_check;
alter table messages add constraint messages_status_check
  check (status in ('pending', 'sent', 'failed', 'delivered', 'read'));
alter table messages add column marker_id text;
-- Corrections and retractions (XEP-0308, XEP-0424): a received message keeps the id its sender
-- gave it (remote_id), by which the sender may correct it (edited, the text replaced) or take it
-- back (retracted, the text removed).
alter table messages add column remote_id text;
alter table messages add column edited boolean not null default false;
alter table messages add column retracted boolean not null default false;
