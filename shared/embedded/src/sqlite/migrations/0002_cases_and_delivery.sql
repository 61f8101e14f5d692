-- Cases, as documents beside the columns queues and lookups use.
CREATE TABLE cases (
    id        TEXT PRIMARY KEY,
    number    TEXT UNIQUE,
    reporter  TEXT NOT NULL,
    office    TEXT NOT NULL,
    queue_key TEXT NOT NULL,          -- workflow/state
    state_due TEXT,
    closed    INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    data      TEXT NOT NULL
);
CREATE INDEX cases_by_reporter ON cases (reporter);
CREATE INDEX cases_queue ON cases (queue_key, office, state_due) WHERE closed = 0;

CREATE TABLE case_events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, seq);

CREATE TABLE idempotency_keys (
    account_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);

CREATE TABLE counters (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE uploads (
    id      TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    data    TEXT NOT NULL
);

-- Delivery bookkeeping of the outbox.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
