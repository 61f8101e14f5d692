-- Monthly figures per Dinas, counted in the same transaction as the transitions they count.
CREATE TABLE tallies (
    scope TEXT NOT NULL,
    name  TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (scope, name)
) WITHOUT ROWID;
