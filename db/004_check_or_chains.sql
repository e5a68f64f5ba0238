-- quotetrack schema, version 4: the kind CHECKs of quotes and speakers are
-- OR chains instead of IN lists. Same allowed values, same rows.
--
-- SQLite codes a CHECK "kind IN ('a', 'b', 'c')" with three or more constants
-- by building a temporary b-tree of the list, and a CHECK is evaluated anew
-- for every row written: each INSERT into quotes (and each INSERT or UPDATE
-- of a speaker) opened, filled and searched one (3.9 us per quote insert in
-- a micro-test). "kind = 'a' OR kind = 'b' OR ..." is three comparisons
-- (1.6 us). The two are equal for every value: kind is TEXT NOT NULL with
-- the BINARY collation, and a NULL passes a CHECK either way.
--
-- SQLite cannot alter a CHECK, so both tables are rebuilt by the documented
-- procedure (https://sqlite.org/lang_altertable.html#otheralter): create the
-- new table, copy every row with its id, drop the old one, rename, recreate
-- its indexes and triggers. The runner (src/store/store.cc) applies
-- migrations with foreign keys off (dropping quotes would otherwise set every
-- statements.root_quote_id to NULL, and dropping speakers would delete every
-- alias and role) and runs PRAGMA foreign_key_check before it commits. It is
-- one transaction: a crash or an error leaves the version 3 store as it was.
--
-- quotes_fts is an external-content table naming 'quotes' and
-- content_rowid 'id': ids are copied, so after the rename it reads the same
-- rows and its index stays valid untouched. Its delete and update triggers
-- are dropped with the old table and created again below (the insert
-- trigger is gone since 002: the store indexes a batch at commit).

CREATE TABLE new_speakers (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT ''
              CHECK (kind = '' OR kind = 'person' OR kind = 'organization' OR kind = 'anonymous'),
  name_key    TEXT NOT NULL,
  surname_key TEXT NOT NULL DEFAULT '',
  doc_id      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  CHECK ((kind = 'anonymous') = (doc_id IS NOT NULL))
);
INSERT INTO new_speakers(id, name, kind, name_key, surname_key, doc_id)
  SELECT id, name, kind, name_key, surname_key, doc_id FROM speakers ORDER BY id;
DROP TABLE speakers;
ALTER TABLE new_speakers RENAME TO speakers;
CREATE INDEX speakers_by_surname ON speakers(surname_key, kind);
CREATE INDEX speakers_by_doc ON speakers(doc_id) WHERE doc_id IS NOT NULL;
CREATE INDEX speakers_by_name_key ON speakers(name_key);

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
  statement_id  INTEGER REFERENCES statements(id),
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
