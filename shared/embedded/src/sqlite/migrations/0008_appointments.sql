-- Desk slots: how many places of each slot are taken (never more than the desk's capacity).
CREATE TABLE slot_loads (
    office TEXT NOT NULL,
    visit TEXT NOT NULL,
    day TEXT NOT NULL,
    start TEXT NOT NULL,
    taken INTEGER NOT NULL,
    PRIMARY KEY (office, visit, day, start)
);

-- Bookings by the desk's day, whatever became of them.
CREATE TABLE bookings (
    day TEXT NOT NULL,
    office TEXT NOT NULL,
    start TEXT NOT NULL,
    case_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (day, office, start, case_id)
);
