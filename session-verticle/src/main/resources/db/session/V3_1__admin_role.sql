-- The admin role, granted and revoked only by the operator's command (parley.session.Admins).
alter table users add column admin boolean not null default false;
