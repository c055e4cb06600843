-- Billing's state. Everything here can be rebuilt from the input topics and the month closings (see BillingEngine).

-- How far each input partition has been applied: moved in the same transaction as the effect of each record, and
-- locked by a month close so the close sees exactly the records applied before it.
create table input_position (
    topic       varchar(200) not null,
    partition   int          not null,
    next_offset bigint       not null,
    primary key (topic, partition)
);

-- What billing knows of each case, and what it charged, as JSON (CaseAccount).
create table account (
    case_id   varchar(64) primary key,
    creditors text[]      not null,
    state     jsonb       not null
);
create index account_creditors on account using gin (creditors);

create table charge (
    charge_id          varchar(300) primary key,
    case_id            varchar(64)    not null,
    kind               varchar(32)    not null,
    creditor_id        varchar(64)    not null,
    debtor_id          varchar(64)    not null,
    period_from        date           not null,
    period_to          date           not null,
    quantity           numeric(12, 2) not null,
    unit_price_chf     numeric(12, 2) not null,
    amount_chf         numeric(14, 2) not null,
    billing_month      varchar(7)     not null,
    source_event_ids   text           not null,
    corrects_charge_id varchar(300),
    invoice_id         varchar(200)
);
create index charge_open on charge (creditor_id, billing_month) where invoice_id is null;
create index charge_case on charge (case_id);

create table billing_month (
    creditor_id varchar(64) not null,
    month       varchar(7)  not null,
    closed_on   date        not null,
    automatic   boolean     not null,
    primary key (creditor_id, month)
);

create table invoice (
    invoice_id          varchar(200)   primary key,
    kind                varchar(16)    not null,
    creditor_id         varchar(64)    not null,
    debtor_id           varchar(64)    not null,
    month               varchar(7)     not null,
    issued_on           date           not null,
    net_chf             numeric(14, 2) not null,
    rounding_chf        numeric(6, 2)  not null,
    total_chf           numeric(14, 2) not null,
    original_invoice_id varchar(200),
    lines               jsonb          not null
);
create index invoice_debtor on invoice (debtor_id, month);
create index invoice_creditor on invoice (creditor_id, month);

-- The append-only ledger of billing's own events; also the outbox the relay publishes from, in order.
create table ledger (
    seq           bigserial    primary key,
    event_id      uuid         not null unique,
    type          varchar(64)  not null,
    partition_key varchar(300) not null,
    envelope      text         not null,
    published_at  timestamptz
);
create index ledger_unpublished on ledger (seq) where published_at is null;
