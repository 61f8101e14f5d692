-- Partners' large verification batches, sent as files and answered by a job.
CREATE TABLE verification_jobs (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
-- Housekeeping removes jobs past their keeping, oldest first.
CREATE INDEX verification_jobs_created ON verification_jobs (json_extract(data, '$.created_at'));
