-- The access rule's facts per case (service-kit Access): who opened it, who takes part, the consents in force,
-- and from them the institutions that may read it. Kept in the command's own transaction.
create table case_access (
    case_id varchar(64) primary key,
    facts   jsonb       not null,
    readers text[]      not null,
    version bigint      not null
);
create index case_access_readers on case_access using gin (readers);
