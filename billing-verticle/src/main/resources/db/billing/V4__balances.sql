-- Each user's balance, kept beside the append-only ledger (issue 16): the allowance of every usage
-- batch read sum(amount) over the user's whole ledger, a cost that grew with the user's history.
-- The row is kept by the database in the transaction of every ledger insert (usage charges, top-ups,
-- refunds, adjustments, whoever writes them), once per statement for all its rows, so it always
-- equals the ledger's sum; the ledger stays the record (no update, no delete) and the row can be
-- rebuilt from it at any time.
create table balances (
  user_id uuid primary key references users(user_id),
  balance bigint not null
);

create function ledger_to_balances() returns trigger language plpgsql as $$
begin
  -- Sorted by user, as every batch locks its rows, so two statements never deadlock here.
  insert into billing.balances (user_id, balance)
  select user_id, sum(amount) from added group by user_id order by user_id
  on conflict (user_id) do update set balance = balances.balance + excluded.balance;
  return null;
end
$$;

-- The trigger first: it locks the ledger against inserts until this migration commits, so the fill
-- below sees every entry and none is counted twice.
create trigger ledger_to_balances after insert on ledger referencing new table as added
  for each statement execute function ledger_to_balances();

insert into balances (user_id, balance)
select user_id, sum(amount) from ledger group by user_id;
