-- Issue #14: the event log keeps each event once, as the record value exactly as received (wire): the auditor's chain
-- check hashes that text, and the timelines and as-of reads decode it. The jsonb copy (envelope) cost more than half of
-- the live ingest's database time (parsing and storing every event a second time). What the read paths took from the
-- jsonb in SQL is kept as two small columns: the emitting aggregate's sequence, and for the placement topic the
-- stream (course or vacancy) the event belongs to. Rows from before V6 had no wire: their jsonb text is what the
-- chain check read for them, and it stays what they hold.
alter table event_log add column event_sequence bigint;
alter table event_log add column stream_id varchar(100);
update event_log set wire = coalesce(wire, envelope::text),
                     event_sequence = (envelope->>'sequence')::bigint,
                     stream_id = case when topic = 'iiz.placement.events'
                                      then coalesce(envelope->'payload'->>'courseId', envelope->'payload'->>'vacancyId') end;
alter table event_log alter column wire set not null;
alter table event_log alter column event_sequence set not null;
alter table event_log drop column envelope;
-- A record is logged once by its event id (the ingest's positions and "on conflict (event_id)"); the unique index on
-- (topic, partition, record_offset), the log's largest, was a second guard no read path uses.
alter table event_log drop constraint event_log_topic_partition_record_offset_key;
