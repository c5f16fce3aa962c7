-- Receipts and chat markers (XMPP XEP-0184, XEP-0333): an outgoing message can also be
-- delivered (the peer's client got it) or read (the peer saw it). A received message keeps the
-- id its sender's client gave it when it may be marked (marker_id), so that Parley can say when
-- the person has seen it.
alter table messages drop constraint messages_status_check;
alter table messages add constraint messages_status_check
  check (status in ('pending', 'sent', 'failed', 'delivered', 'read'));
alter table messages add column marker_id text;
