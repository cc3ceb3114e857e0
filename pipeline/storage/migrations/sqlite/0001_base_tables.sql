-- Base tables: articles, events (full Event JSON plus the columns queries filter on),
-- alerts. Dates are ISO-8601 text (they sort and compare correctly as text).
CREATE TABLE articles (
    article_id   TEXT PRIMARY KEY,
    parent_id    TEXT,
    kind         TEXT NOT NULL,
    source       TEXT NOT NULL,
    agency       TEXT,
    headline     TEXT,
    url          TEXT,
    published_at TEXT,
    received_at  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    stored_at    TEXT NOT NULL
);
CREATE INDEX articles_published_idx ON articles (published_at);

CREATE TABLE events (
    event_id             TEXT PRIMARY KEY,
    article_id           TEXT NOT NULL,
    sentence_index       INTEGER NOT NULL,
    event_date           TEXT,
    source_code          TEXT,
    source_country       TEXT,
    source_sector        TEXT,
    target_code          TEXT,
    target_country       TEXT,
    target_sector        TEXT,
    cameo_code           TEXT,
    cameo_base           TEXT,
    cameo_root           TEXT,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    location_name        TEXT,
    location_admin1      TEXT,
    location_country     TEXT,
    -- ',tag_a,tag_b,' so that one tag matches LIKE '%,tag_a,%'
    tags                 TEXT NOT NULL,
    article_source       TEXT,
    payload              TEXT NOT NULL,
    stored_at            TEXT NOT NULL
);
CREATE INDEX events_country_date_idx ON events (location_country, event_date);
CREATE INDEX events_date_idx ON events (event_date);
CREATE INDEX events_root_date_idx ON events (cameo_root, event_date);

CREATE TABLE alerts_by_group_window (
    alert_id     TEXT PRIMARY KEY,
    rule         TEXT NOT NULL,
    group_key    TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end   TEXT NOT NULL,
    severity     TEXT NOT NULL,
    status       TEXT NOT NULL,
    count        INTEGER NOT NULL,
    threshold    INTEGER NOT NULL,
    fired_at     TEXT NOT NULL,
    resolved_at  TEXT,
    payload      TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX alerts_rule_group_idx ON alerts_by_group_window (rule, group_key, window_start);
CREATE INDEX alerts_window_idx ON alerts_by_group_window (window_start);
