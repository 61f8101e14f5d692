-- The register (our mirror of SIAK), in its own file attached as `register` (see register.rs).
-- `IF NOT EXISTS`: a register file made before this migration was versioned has them already.
CREATE TABLE IF NOT EXISTS register.families (
    no_kk   TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    rt      TEXT NOT NULL,
    rw      TEXT NOT NULL,
    desa    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS register.residents (
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
CREATE INDEX IF NOT EXISTS register.residents_by_family ON residents (no_kk, shdk);
