-- Who takes part in which case (for 404 on others' cases), kept in the lead's own transaction.
create table case_access (
    case_id      varchar(64) primary key,
    participants text[]      not null,
    version      bigint      not null
);
create index case_access_participants on case_access using gin (participants);

-- Every handover with its status: lists of proposals waiting for an institution or sent by it, and the due
-- dates the expiry job looks at.
create table handover_view (
    handover_id        varchar(100) primary key,
    case_id            varchar(64)  not null,
    proposed_by        varchar(64)  not null,
    commissioning      varchar(64)  not null,
    proposed           varchar(64)  not null,
    reason             text         not null,
    status             varchar(16)  not null,
    proposed_on        date         not null,
    answer_due_on      date         not null,
    planned_end_on     date         not null,
    lead_until         date,
    answered_on        date,
    deadline_expired   boolean      not null default false
);
create index handover_view_proposed on handover_view (proposed, status);
create index handover_view_proposed_by on handover_view (proposed_by, status);
create index handover_view_due on handover_view (status, answer_due_on, lead_until);

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
