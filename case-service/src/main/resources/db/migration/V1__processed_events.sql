-- Every consumer records the ids of the events it applied in the same transaction as its change, so a
-- redelivered or replayed record changes nothing.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
