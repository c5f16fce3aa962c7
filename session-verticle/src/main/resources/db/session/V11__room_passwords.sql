-- A password-protected room is joined again with its password after every connect, by whichever
-- session process (parley.session.RoomStore). Sealed as IM passwords are (AES-256-GCM with the
-- session's credential key, parley.session.CredentialCipher), bound to the account and the room;
-- null for a room without one. Never sent to a page.
alter table rooms add column password bytea;
