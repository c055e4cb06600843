-- Every consumer records the ids of the events it applied in the same transaction as its change, so a
-- redelivered or replayed record changes nothing.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);

create table idempotency_key (
    institution_id  varchar(64)  not null,
    idempotency_key varchar(200) not null,
    request_hash    varchar(64)  not null,
    status          smallint     not null,
    location        varchar(300),
    etag            varchar(40),
    body            text         not null,
    created_at      timestamptz  not null default now(),
    primary key (institution_id, idempotency_key)
);

-- The access rule's facts per case (service-kit Access), fed by the case events in the consumer's transaction.
create table case_access (
    case_id varchar(64) primary key,
    facts   jsonb       not null,
    readers text[]      not null,
    version bigint      not null
);
create index case_access_readers on case_access using gin (readers);

-- What a reservation needs to know about a case beyond access (domain CaseFacts): participants, the consents in
-- force, the entitled institutions and the measures with their cost approvals. Fed in the same transaction.
create table case_facts (
    case_id varchar(64) primary key,
    facts   jsonb       not null,
    version bigint      not null
);

-- Courses and their reservations, kept in the command's transaction (axon PlacementProjection).
create table course_view (
    course_id            varchar(100)  primary key,
    organiser            varchar(64)   not null,
    measure_kind         varchar(32)   not null,
    provider             varchar(200)  not null,
    seats                int           not null,
    minimum_participants int           not null,
    start_date           date          not null,
    price_per_seat       numeric(12,2) not null,
    decision_date        date          not null,
    announced_on         date          not null,
    status               varchar(16)   not null,
    decided_on           date,
    version              bigint        not null
);
create index course_view_due on course_view (status, decision_date);

create table reservation_view (
    reservation_id   varchar(100)  primary key,
    course_id        varchar(100)  not null,
    case_id          varchar(64)   not null,
    reserving        varchar(64)   not null,
    entitled         varchar(64)   not null,
    cost_approval    varchar(100)  not null,
    price_per_seat   numeric(12,2) not null,
    reserved_on      date          not null,
    status           varchar(16)   not null,
    released_on      date,
    release_reason   varchar(32)
);
create index reservation_view_course on reservation_view (course_id);
create index reservation_view_case on reservation_view (case_id);

create table vacancy_view (
    vacancy_id       varchar(100) primary key,
    agency           varchar(64)  not null,
    occupation       varchar(200) not null,
    workload_percent int          not null,
    region           varchar(16)  not null,
    valid_until      date         not null,
    recorded_on      date         not null,
    version          bigint       not null
);
create index vacancy_view_region on vacancy_view (region, valid_until);

create table vacancy_proposal_view (
    vacancy_id   varchar(100) not null,
    case_id      varchar(64)  not null,
    proposed_by  varchar(64)  not null,
    proposed_on  date         not null,
    outcome      varchar(16),
    outcome_date date,
    recorded_by  varchar(64),
    primary key (vacancy_id, case_id)
);
create index vacancy_proposal_view_case on vacancy_proposal_view (case_id);

-- Tamper evidence (axon-kit EventHashes): the chain hash of every integration event of an aggregate (a course or a
-- vacancy), written in the command's transaction right after the append; the relay sends iiz-hash, iiz-prev-hash.
create table event_hash (
    aggregate_id varchar(255) not null,
    sequence     bigint       not null,
    hash         bytea        not null check (length(hash) = 32),
    prev_hash    bytea        not null check (length(prev_hash) = 32),
    primary key (aggregate_id, sequence)
);

-- Anchors over all chain heads (axon-kit ChainAnchors), also published to iiz.audit.anchors.
create table chain_anchor (
    anchor_id   varchar(64)  primary key,
    anchored_at timestamptz  not null,
    aggregates  bigint       not null,
    events      bigint       not null,
    digest      char(64)     not null,
    trigger     varchar(16)  not null
);
create index chain_anchor_at on chain_anchor (anchored_at);
