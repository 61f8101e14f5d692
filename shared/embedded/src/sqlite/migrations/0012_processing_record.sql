-- Each person's processing record (UU 27/2022): who read or processed their data, by NIK.
CREATE TABLE processing_record (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    nik TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX processing_record_by_nik ON processing_record (nik, seq);
