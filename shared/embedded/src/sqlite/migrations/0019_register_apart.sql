-- The register moved to its own database file, attached as `register` (see register.rs), which
-- copied these tables' rows before the migrations ran.
DROP TABLE main.residents;
DROP TABLE main.families;
