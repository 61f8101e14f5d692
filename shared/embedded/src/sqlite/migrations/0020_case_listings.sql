-- Each case's line in the queues (JSON made by the application when it writes the case) and the
-- mark of the catalogue it was made with. The queue's index holds them, so that a page is read
-- from the index alone, without a case's row or document. Cases written before stay without a
-- listing and are listed from their document.
ALTER TABLE cases ADD COLUMN listing TEXT;
ALTER TABLE cases ADD COLUMN listed_with TEXT;
DROP INDEX cases_queue_order;
CREATE INDEX cases_queue_order ON cases (coalesce(state_due, '~'), id, queue_key, office, listed_with, listing)
    WHERE closed = 0;
