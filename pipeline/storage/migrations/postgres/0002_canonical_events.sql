-- Cross-article deduplication: one canonical event per real event, the mentions that
-- report it, and a link from each stored event to its canonical event. Events stored
-- before this migration get their canonical event when the store next opens.
CREATE TABLE canonical_events (
    canonical_id   TEXT PRIMARY KEY,
    group_key      TEXT NOT NULL,
    anchor_date    DATE,
    first_event_id TEXT NOT NULL,
    first_date     DATE,
    last_date      DATE,
    mention_count  INTEGER NOT NULL DEFAULT 0,
    source_count   INTEGER NOT NULL DEFAULT 0,
    article_count  INTEGER NOT NULL DEFAULT 0,
    -- distinct agencies, sorted, joined with ' | '
    sources        TEXT NOT NULL DEFAULT '',
    -- lowest figure reported by any mention (ACLED rule)
    fatalities     INTEGER,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX canonical_group_anchor_idx ON canonical_events (group_key, anchor_date);

CREATE TABLE mentions (
    event_id       TEXT PRIMARY KEY,
    canonical_id   TEXT NOT NULL,
    article_id     TEXT NOT NULL,
    agency         TEXT,
    sentence_index INTEGER NOT NULL,
    sentence       TEXT NOT NULL,
    event_date     DATE,
    fatalities     INTEGER,
    stored_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX mentions_canonical_idx ON mentions (canonical_id);
CREATE INDEX mentions_article_idx ON mentions (article_id);

ALTER TABLE events ADD COLUMN canonical_id TEXT;
