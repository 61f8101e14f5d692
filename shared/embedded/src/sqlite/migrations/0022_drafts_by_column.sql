-- Unfiled drafts by their last change, for the retention sweep, indexed on a column: the index
-- on expressions of `data` had SQLite parse the old and the new document on every update of a
-- case to learn whether it was still a draft. The column holds the draft's `updated_at` as its
-- document writes it, and is NULL once the case is filed or closed.
ALTER TABLE cases ADD COLUMN draft_updated_at TEXT;
UPDATE cases SET draft_updated_at = json_extract(data, '$.updated_at')
    WHERE closed = 0 AND json_extract(data, '$.submitted_at') IS NULL;
DROP INDEX cases_drafts;
CREATE INDEX cases_drafts ON cases (draft_updated_at) WHERE draft_updated_at IS NOT NULL;
