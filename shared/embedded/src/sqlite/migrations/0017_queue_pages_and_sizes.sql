-- Queue pages go on from a cursor (the last case's due date and id), so the index is in that
-- order: a page seeks to its cursor and reads on, whatever page it is.
DROP INDEX cases_open_by_due;
CREATE INDEX cases_queue_order ON cases (coalesce(state_due, '~'), id, queue_key, office) WHERE closed = 0;

-- How many open cases each office holds in each state, kept by the triggers below in the same
-- transaction as the case: a queue's size is a sum of a few rows, not a count of its cases.
CREATE TABLE queue_sizes (
    office    TEXT NOT NULL,
    queue_key TEXT NOT NULL,
    open      INTEGER NOT NULL,
    PRIMARY KEY (queue_key, office)
) WITHOUT ROWID;

INSERT INTO queue_sizes (office, queue_key, open)
    SELECT office, queue_key, count(*) FROM cases WHERE closed = 0 GROUP BY office, queue_key;

CREATE TRIGGER queue_sizes_on_insert AFTER INSERT ON cases WHEN new.closed = 0
BEGIN
    INSERT INTO queue_sizes (office, queue_key, open) VALUES (new.office, new.queue_key, 1)
        ON CONFLICT (queue_key, office) DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER queue_sizes_on_update AFTER UPDATE OF office, queue_key, closed ON cases
    WHEN old.office IS NOT new.office OR old.queue_key IS NOT new.queue_key OR old.closed IS NOT new.closed
BEGIN
    UPDATE queue_sizes SET open = open - 1
        WHERE old.closed = 0 AND office = old.office AND queue_key = old.queue_key;
    INSERT INTO queue_sizes (office, queue_key, open) SELECT new.office, new.queue_key, 1 WHERE new.closed = 0
        ON CONFLICT (queue_key, office) DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER queue_sizes_on_delete AFTER DELETE ON cases WHEN old.closed = 0
BEGIN
    UPDATE queue_sizes SET open = open - 1 WHERE office = old.office AND queue_key = old.queue_key;
END;
