-- The digest of the request an idempotency key first came with: a retry must send the same body.
ALTER TABLE idempotency_keys ADD COLUMN request TEXT;
