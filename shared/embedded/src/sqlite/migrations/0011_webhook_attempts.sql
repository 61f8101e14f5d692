-- Each machine client's webhook delivery log: one row per attempt, read newest first.
CREATE TABLE webhook_attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    client TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX webhook_attempts_by_client ON webhook_attempts (client, seq);
