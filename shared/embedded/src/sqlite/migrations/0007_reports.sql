-- Monthly reports of the Dinas kabupaten/kota, every version kept: a correction adds one.
CREATE TABLE reports (
    month TEXT NOT NULL,
    office TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (month, office, version)
);
