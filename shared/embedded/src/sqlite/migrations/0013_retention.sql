-- Drafts never filed by their last change, for the retention sweep.
CREATE INDEX cases_drafts ON cases (json_extract(data, '$.updated_at'))
    WHERE closed = 0 AND json_extract(data, '$.submitted_at') IS NULL;
