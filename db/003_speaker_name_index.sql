-- quotetrack schema, version 3: speakers are found by their name key through
-- an index.
--
-- `quotes --speaker`, `speakers NAME` and statement filters look a name up
-- as "speakers.name_key = ? UNION speaker_aliases.alias_key = ?"; without
-- this index the first half scanned every speaker (5-9 ms at 70k speakers on
-- a 1M-quote store, a third of the `quotes --speaker` time). Existing stores
-- build it once when they are opened; no result changes.
CREATE INDEX IF NOT EXISTS speakers_by_name_key ON speakers(name_key);
