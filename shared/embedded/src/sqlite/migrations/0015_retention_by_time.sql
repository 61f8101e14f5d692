-- The retention sweep removes delivered messages by when they were delivered, every half minute:
-- by range, not by reading the whole outbox and mailbox.
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX mailbox_delivered ON mailbox (delivered_at);
