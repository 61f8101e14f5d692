-- The local mailbox: what the local server "sent" by SMS and e-mail, once per message id.
CREATE TABLE mailbox (
    message_id   TEXT PRIMARY KEY,
    recipient    TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    data         TEXT NOT NULL
);
CREATE INDEX mailbox_by_recipient ON mailbox (recipient, delivered_at);
