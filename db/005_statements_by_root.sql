-- quotetrack schema, version 5: statements are found by their root quote
-- through an index.
--
-- statements.root_quote_id REFERENCES quotes(id) ON DELETE SET NULL: for
-- every quote deleted (re-ingesting a changed document deletes all of its
-- quotes), SQLite runs "UPDATE statements SET root_quote_id = NULL WHERE
-- root_quote_id = old.id", which without an index scans every statement:
-- on a PolNeAR train store (15,097 statements) deleting a 193-quote
-- document took 139 ms of CPU, 3 ms with this index; the scan grows with the
-- store. Partial: a new statement's row is written before its root quote
-- (root NULL, then set), and only rows with a root can match a deleted
-- quote ("root_quote_id = ?" implies NOT NULL, so the planner uses it).
-- Existing stores build it once when they are opened; no result changes.
CREATE INDEX IF NOT EXISTS statements_by_root ON statements(root_quote_id)
  WHERE root_quote_id IS NOT NULL;
