-- Issue #11. The creditors with running work on each case (a phase or lead month not yet charged to its end or limit):
-- the automatic close closes their months even when no charge is pending.
alter table account add column running text[] not null default '{}';
create index account_running on account using gin (running);

-- The payment reference of each invoice: 20 digits derived from its id, written as QRR or RF on the QR-bill.
alter table invoice add column reference_no varchar(20);
create unique index invoice_reference_no on invoice (reference_no);

-- Credits imported from camt.054 notifications. Keyed by the bank's reference of the transaction (or a hash of it),
-- so the same file twice changes nothing; a credit no invoice of the importing creditor matches stays with a null
-- invoice_id and is listed as unmatched.
create table payment (
    payment_id   varchar(100)   primary key,
    creditor_id  varchar(64)    not null,
    invoice_id   varchar(200),
    reference    varchar(40),
    amount_chf   numeric(14, 2) not null,
    currency     varchar(3)     not null,
    booked_on    date,
    debtor_name  varchar(140),
    file_name    varchar(200),
    imported_at  timestamptz    not null default now()
);
create index payment_invoice on payment (invoice_id);
create index payment_unmatched on payment (creditor_id) where invoice_id is null;
