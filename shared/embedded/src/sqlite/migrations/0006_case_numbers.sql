-- The number each case was given from its counter: asked again (a retried or duplicated
-- filing), a case gets the same number, so numbers neither repeat nor skip.
CREATE TABLE case_numbers (
    case_id TEXT PRIMARY KEY,
    counter_key TEXT NOT NULL,
    value INTEGER NOT NULL,
    UNIQUE (counter_key, value)
);
