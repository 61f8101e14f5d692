-- A queue page walks the open cases in due order and stops at its limit, instead of sorting every
-- open case of its states: the queue key and office are in the index, so a case of another queue
-- is skipped without reading it. (cases_queue still serves the deadline sweep.)
CREATE INDEX cases_open_by_due ON cases ((state_due IS NULL), state_due, queue_key, office) WHERE closed = 0;
