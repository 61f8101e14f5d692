-- A machine client's feed: its events in the outbox, in the order written.
CREATE INDEX outbox_feed ON outbox (json_extract(data, '$.recipient'), seq) WHERE json_extract(data, '$.channel') = 'sistem';
