-- Everything here is disposable: rebuilt by replaying the topics from offset zero.

-- Every event of every topic once, with where it came from: the timelines and the auditor's replays read it.
create table event_log (
    seq               bigserial    primary key,
    topic             varchar(200) not null,
    partition         int          not null,
    record_offset     bigint       not null,
    event_id          uuid         not null unique,
    case_id           varchar(64),
    type              varchar(64)  not null,
    occurred_at       timestamptz  not null,
    actor_institution varchar(64)  not null,
    envelope          jsonb        not null,
    unique (topic, partition, record_offset)
);
create index event_log_case on event_log (case_id, occurred_at, seq);

-- How far each projection has applied each partition: a replay or a redelivery below it changes nothing.
create table projection_position (
    projection  varchar(64)  not null,
    topic       varchar(200) not null,
    partition   int          not null,
    next_offset bigint       not null,
    primary key (projection, topic, partition)
);

-- KPI facts (rebuilt into *_rebuild copies and swapped in atomically).
create table case_fact (
    case_id           varchar(64) primary key,
    canton            varchar(2)  not null,
    municipality      varchar(100),
    program           varchar(32) not null,
    cooperation_model varchar(32) not null,
    lead_institution  varchar(64) not null,
    participants      text[]      not null,
    status            varchar(16) not null,
    phase             smallint,
    opened_on         date        not null,
    ended_on          date,
    outcome           varchar(64),
    detached          boolean     not null default false,
    abort_reason      varchar(64)
);
create table phase_fact (
    case_id        varchar(64) not null,
    phase          smallint    not null,
    started_on     date        not null,
    planned_end_on date        not null,
    ended_on       date,
    primary key (case_id, phase)
);
create table report_fact (
    report_id    varchar(100) primary key,
    case_id      varchar(64)  not null,
    kind         varchar(32)  not null,
    phase        smallint,
    submitted_on date         not null
);
create table handover_fact (
    handover_id      varchar(100) primary key,
    case_id          varchar(64)  not null,
    proposed_by      varchar(64)  not null,
    proposed_to      varchar(64)  not null,
    proposed_on      date         not null,
    answered_on      date,
    status           varchar(16)  not null,
    deadline_expired boolean      not null default false
);
create table cost_fact (
    charge_id     varchar(300)   primary key,
    case_id       varchar(64)    not null,
    kind          varchar(32)    not null,
    creditor_id   varchar(64)    not null,
    debtor_id     varchar(64)    not null,
    amount_chf    numeric(14, 2) not null,
    billing_month varchar(7)     not null
);

-- Every auditor read, itself on record.
create table audit_read (
    id          bigserial    primary key,
    read_at     timestamptz  not null default now(),
    institution varchar(64)  not null,
    subject     varchar(200),
    case_id     varchar(64)  not null,
    view        varchar(64)  not null,
    as_of       timestamptz
);
