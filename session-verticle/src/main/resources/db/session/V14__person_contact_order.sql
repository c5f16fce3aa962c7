-- A person's contacts keep the order the user merged them in, on every device and after a
-- restart (before: ordered by account id, a random uuid, so two devices could disagree).
alter table person_contacts add column position integer not null default 0;
