-- The register moves to its own database file, attached as `register` (see register.rs), which
-- the store created before migrating; its rows come along. Each file commits on its own: should
-- the register's commit land and this one not, the next start runs this again and the copies
-- find their rows already there.
INSERT OR IGNORE INTO register.families SELECT * FROM main.families;
INSERT OR IGNORE INTO register.residents SELECT * FROM main.residents;
DROP TABLE main.residents;
DROP TABLE main.families;
