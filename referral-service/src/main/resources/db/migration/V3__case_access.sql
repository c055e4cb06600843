-- The access rule's facts per case (service-kit Access) replace the participant list kept before: who opened the
-- case, who takes part, the consents in force, and from them the institutions that may read it. Fed by the case
-- events in the consumer's transaction. The old table only knew participants; it is rebuilt from the case topic
-- (a replay of the consumer group from offset zero fills the new one).
drop table case_access;
create table case_access (
    case_id varchar(64) primary key,
    facts   jsonb       not null,
    readers text[]      not null,
    version bigint      not null
);
create index case_access_readers on case_access using gin (readers);
