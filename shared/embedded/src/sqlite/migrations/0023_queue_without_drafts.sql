-- Unfiled drafts are in no officer's queue (queues list the states after the first): out of the
-- due-order index, so filing enters it once instead of moving its entry from the undated end (a
-- page fewer per filing) and a draft made or saved writes no entry.
DROP INDEX cases_queue_order;
CREATE INDEX cases_queue_order ON cases (coalesce(state_due, '~'), id, queue_key, office)
    WHERE closed = 0 AND draft_updated_at IS NULL;
