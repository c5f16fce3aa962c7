-- Merge suggestions the user turned down (person.dismiss), kept for every device: Parley no longer
-- suggests them (parley.session.People). A suggestion is named by its contacts' chat keys, sorted,
-- joined by a tab (SuggestionKey). At most People.MAX_DISMISSED a user: the oldest go first.
create table dismissed_suggestions (
  user_id      uuid not null references users(id) on delete cascade,
  suggestion   text not null,
  dismissed_at timestamptz not null default now(),
  primary key (user_id, suggestion)
);
