-- What lists, filters and access checks need without replaying a case: kept in the command's own transaction
-- (a subscribing projection), so a case is visible to its participants the moment the command returns.
create table case_summary (
    case_id           varchar(64)  primary key,
    client_id         varchar(64)  not null,
    program           varchar(32)  not null,
    cooperation_model varchar(32)  not null,
    canton            varchar(2)   not null,
    opened_by         varchar(64)  not null,
    opened_on         date         not null,
    lead_institution  varchar(64)  not null,
    participants      text[]       not null,
    status            varchar(16)  not null,
    phase             smallint,
    version           bigint       not null,
    updated_at        timestamptz  not null
);
create index case_summary_participants on case_summary using gin (participants);
create index case_summary_opened on case_summary (opened_on desc, case_id);

-- A repeated POST with the same Idempotency-Key by the same institution gets the first answer again.
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
