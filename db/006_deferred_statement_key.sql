-- quotetrack schema, version 6: a quote's statement_id is checked against
-- statements(id) when the transaction commits (DEFERRABLE INITIALLY
-- DEFERRED) instead of at each statement. Same columns, same rows.
--
-- A quote that opens a new statement is its root, and the two rows refer to
-- each other: with both keys immediate the store wrote the statement with
-- a NULL root, then the quote, then UPDATEd the statement's root (three
-- writes; the UPDATE, a multi-row write SQLite must be able to undo, opened
-- a statement journal and looked the quote up again). With this key
-- deferred the store writes the quote with the statement id it predicts
-- (statements is AUTOINCREMENT: one past sqlite_sequence's), then
-- the statement with its root, in one INSERT each. The store checks that no
-- deferred key is left unresolved before it releases a document's savepoint
-- (sqlite3_db_status, SQLITE_DBSTATUS_DEFERRED_FKS), so a broken key still
-- fails that document alone, as it did.
--
-- SQLite cannot alter a constraint, so quotes is rebuilt as in db/004 (see
-- there: foreign keys off while the migrations run, PRAGMA foreign_key_check
-- before commit, the ids copied so quotes_fts stays valid, its two triggers
-- and the indexes created again).

CREATE TABLE new_quotes (
  id            INTEGER PRIMARY KEY,
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind = 'direct' OR kind = 'mixed' OR kind = 'indirect'),
  text          TEXT NOT NULL,
  pieces        TEXT NOT NULL DEFAULT '[]',
  start         INTEGER NOT NULL CHECK (start >= 0),
  "end"         INTEGER NOT NULL CHECK ("end" >= start),
  cue_text      TEXT,
  cue_start     INTEGER,
  cue_end       INTEGER,
  source_text   TEXT,
  source_start  INTEGER,
  source_end    INTEGER,
  speaker_id    INTEGER REFERENCES speakers(id),
  speaker_name  TEXT NOT NULL DEFAULT '',  -- the name attribute gave this quote
  role          TEXT NOT NULL DEFAULT '',
  via_outlet_id INTEGER REFERENCES outlets(id),
  context       TEXT NOT NULL DEFAULT '',
  statement_id  INTEGER REFERENCES statements(id) DEFERRABLE INITIALLY DEFERRED,
  variant       TEXT NOT NULL DEFAULT 'original',
  flags         TEXT NOT NULL DEFAULT '',  -- ';'-joined
  score         REAL NOT NULL DEFAULT 1.0,
  UNIQUE (doc_id, seq)
);
INSERT INTO new_quotes(id, doc_id, seq, kind, text, pieces, start, "end", cue_text, cue_start,
                       cue_end, source_text, source_start, source_end, speaker_id, speaker_name,
                       role, via_outlet_id, context, statement_id, variant, flags, score)
  SELECT id, doc_id, seq, kind, text, pieces, start, "end", cue_text, cue_start,
         cue_end, source_text, source_start, source_end, speaker_id, speaker_name,
         role, via_outlet_id, context, statement_id, variant, flags, score
  FROM quotes ORDER BY id;
DROP TABLE quotes;
ALTER TABLE new_quotes RENAME TO quotes;
CREATE INDEX quotes_by_speaker ON quotes(speaker_id);
CREATE INDEX quotes_by_statement ON quotes(statement_id);
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
