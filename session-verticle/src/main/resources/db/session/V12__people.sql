-- People: a person groups contacts of any of the user's accounts and networks, merged by the user
-- (never by Parley) and kept here for every device (parley.session.People). A contact is in at
-- most one person; a person has two contacts or more (one left over is just a contact again).
-- Removing an account removes its contacts from their people (cascade; the session tidies up).
create table person_contacts (
  user_id    uuid not null references users(id) on delete cascade,
  person_id  uuid not null,
  account_id uuid not null references im_accounts(id) on delete cascade,
  jid        text not null,
  primary key (account_id, jid)
);
create index person_contacts_person on person_contacts (user_id, person_id);
