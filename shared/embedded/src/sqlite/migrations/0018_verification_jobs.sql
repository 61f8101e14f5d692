-- Partners' large verification batches, sent as files and answered by a job.
CREATE TABLE verification_jobs (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
