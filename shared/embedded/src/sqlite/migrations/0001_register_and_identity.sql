-- The population register (our mirror of SIAK).
CREATE TABLE families (
    no_kk   TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    rt      TEXT NOT NULL,
    rw      TEXT NOT NULL,
    desa    TEXT NOT NULL
);

CREATE TABLE residents (
    nik            TEXT PRIMARY KEY,
    no_kk          TEXT NOT NULL,
    name           TEXT NOT NULL,
    birth_place    TEXT NOT NULL,
    birth_date     TEXT NOT NULL,
    sex            INTEGER NOT NULL,
    religion       INTEGER NOT NULL,
    marital_status INTEGER NOT NULL,
    blood_type     INTEGER NOT NULL,
    citizenship    INTEGER NOT NULL,
    shdk           INTEGER NOT NULL,
    alive          INTEGER NOT NULL,
    active         INTEGER NOT NULL
);
CREATE INDEX residents_by_family ON residents (no_kk, shdk);

-- Accounts and what hangs off them. Records are JSON documents beside the columns that are
-- looked up or conditioned on, as the DynamoDB items will be.
CREATE TABLE accounts (
    id      TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX accounts_by_kind ON accounts (kind);

CREATE TABLE aliases (
    alias      TEXT PRIMARY KEY,
    account_id TEXT NOT NULL
);

CREATE TABLE codes (
    account_id TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (account_id, purpose)
);

CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    revoked    INTEGER NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX refresh_tokens_by_account ON refresh_tokens (account_id);

CREATE TABLE institutions (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE clients (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

-- Messages to send; `id` is the de-duplication key of a delivery.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    data         TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;

CREATE TABLE audit_log (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    at   TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE rate_limits (
    key          TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
