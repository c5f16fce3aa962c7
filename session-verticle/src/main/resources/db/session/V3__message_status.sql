-- An outgoing message is stored before it goes to the IM server: pending, then sent (the IM
-- server took it) or failed, with the reason as {"code": "IM_ERROR", "text": "…"}. Incoming
-- messages, and every message stored before this, are sent.
alter table messages add column status text not null default 'sent' check (status in ('pending', 'sent', 'failed'));
alter table messages add column error jsonb;
