-- The records the live ingest dead-lettered (unreadable, unfit for the event log, or refused by the database), each
-- noted in the transaction that moves its partition's position past it. The projection rebuild leaves out exactly
-- these, so it builds the same facts as the live ingest. Kept, unlike the dead-letter topic's 30 days.
create table ingest_refusal (
    topic         varchar(200) not null,
    partition     int          not null,
    record_offset bigint       not null,
    refused_at    timestamptz  not null default now(),
    primary key (topic, partition, record_offset)
);
