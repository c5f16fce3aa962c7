-- A message whose send was cut off by a Parley server that stopped (it was killed after storing
-- the message and perhaps handing it to the IM server): 'unsure', it may or may not have gone
-- out. The next owner of the user settles every 'pending' one it finds when it loads the user.
alter table session.messages drop constraint messages_status_check;
alter table session.messages add constraint messages_status_check
  check (status in ('pending', 'sent', 'failed', 'delivered', 'read', 'unsure'));

-- A look at the user's few pending rows at each load, not at their whole history. Built
-- CONCURRENTLY (outside a transaction, see the .conf), as V9's indexes: a plain build blocks inserts.
drop index concurrently if exists session.messages_pending;
create index concurrently messages_pending on session.messages (user_id) where status = 'pending';
