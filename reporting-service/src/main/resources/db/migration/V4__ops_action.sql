-- What operations did through the console: re-drives of dead letters (one per dead letter: a repeat changes
-- nothing) and projection rebuilds. Each row is also written to the log.
create table ops_action (
    id                bigserial    primary key,
    kind              varchar(16)  not null,
    at                timestamptz  not null default now(),
    institution       varchar(64)  not null,
    subject           varchar(200),
    dlq_topic         varchar(200),
    dlq_partition     int,
    dlq_offset        bigint,
    source_topic      varchar(200),
    target_partition  int,
    target_offset     bigint,
    record_key        varchar(200)
);
create unique index ops_action_one_redrive on ops_action (dlq_topic, dlq_partition, dlq_offset) where kind = 'REDRIVE';
