-- A message's account and user, checked together with one lookup: a stored message named its user
-- and its account in two foreign keys, so every row stored looked up and locked both the user's row
-- and the account's (two lookups and two row locks written to the WAL per row; issue 16,
-- docs/benchmarks.md). One key on (account, user) checks more (the account is that user's) for
-- half the work; deleting a user still deletes its accounts, and they their messages.
--
-- Runs outside a transaction (.conf): adding the key takes a lock that holds up writes to the
-- messages, so it is added unchecked and committed at once, then checked (a scan that lets writes
-- go on). Every step can be run again.

create unique index concurrently if not exists im_accounts_of_user on session.im_accounts (id, user_id);

do $$
begin
  if not exists (select 1 from pg_constraint
                 where conrelid = 'session.messages'::regclass and conname = 'messages_account_of_user') then
    alter table session.messages add constraint messages_account_of_user foreign key (account_id, user_id)
      references session.im_accounts (id, user_id) on delete cascade not valid;
  end if;
end
$$;

alter table session.messages validate constraint messages_account_of_user;
alter table session.messages drop constraint if exists messages_user_id_fkey;
alter table session.messages drop constraint if exists messages_account_id_fkey;
