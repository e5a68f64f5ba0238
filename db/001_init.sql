-- quotetrack schema, version 1.
--
-- Offsets are UTF-8 byte offsets into documents.text (end exclusive).
-- Enumerations are stored as the strings of quote.h / match.h.

CREATE TABLE outlets (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

-- One row per article. doc_key is the path as given or the JSONL record id;
-- content_hash (XXH3-64 of the text and metadata) tells an identical re-ingest
-- (nothing written) from a changed article (its quotes are replaced).
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  doc_key      TEXT NOT NULL UNIQUE,
  content_hash INTEGER NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  outlet_id    INTEGER REFERENCES outlets(id),
  published    TEXT NOT NULL DEFAULT '',
  url          TEXT NOT NULL DEFAULT '',
  text         TEXT NOT NULL,
  ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A speaker is one person, organisation or anonymous source across the whole
-- store. Anonymous sources are never merged across documents: their row
-- carries the document (doc_id) they were quoted in; for every other kind
-- doc_id is NULL. name_key is qt::NameKey(name); surname_key its last token,
-- the index used to find "same person, other spelling" candidates.
CREATE TABLE speakers (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'person', 'organization', 'anonymous')),
  name_key    TEXT NOT NULL,
  surname_key TEXT NOT NULL DEFAULT '',
  doc_id      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  CHECK ((kind = 'anonymous') = (doc_id IS NOT NULL))
);
CREATE INDEX speakers_by_surname ON speakers(surname_key, kind);
CREATE INDEX speakers_by_doc ON speakers(doc_id) WHERE doc_id IS NOT NULL;

-- Every surface spelling a speaker was given ("Zelensky", "Зеленський").
CREATE TABLE speaker_aliases (
  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
  alias      TEXT NOT NULL,
  alias_key  TEXT NOT NULL,
  PRIMARY KEY (speaker_id, alias)
) WITHOUT ROWID;
CREATE INDEX speaker_aliases_by_key ON speaker_aliases(alias_key);

CREATE TABLE speaker_roles (
  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
  role       TEXT NOT NULL,
  PRIMARY KEY (speaker_id, role)
) WITHOUT ROWID;

-- A statement groups the renderings of one utterance. root_quote_id is its
-- earliest, fullest rendering; every member's variant and flags are relative
-- to the root. AUTOINCREMENT: ids are never reused after a statement is gone.
CREATE TABLE statements (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  root_quote_id INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
  created       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One row per detected quote. pieces is a JSON array of [start, end] content
-- pieces (quote marks excluded); start/end are the first piece's start and
-- the last piece's end. context is the sentence around the quote, stored so
-- that reading never needs the document text.
CREATE TABLE quotes (
  id            INTEGER PRIMARY KEY,
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('direct', 'mixed', 'indirect')),
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
CREATE INDEX quotes_by_speaker ON quotes(speaker_id);
CREATE INDEX quotes_by_statement ON quotes(statement_id);

-- Full-text search over quote text, external content kept in sync by triggers.
CREATE VIRTUAL TABLE quotes_fts USING fts5(
  text, content = 'quotes', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
