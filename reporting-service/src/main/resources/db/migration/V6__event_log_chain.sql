-- Tamper evidence as it arrived: the record value exactly as received (wire) and the chain hash headers it carried
-- (iiz-hash, iiz-prev-hash, hex; absent on events of services without a chained store). The auditor's chain view
-- recomputes every hash from the wire form.
alter table event_log add column wire text;
alter table event_log add column hash varchar(64);
alter table event_log add column prev_hash varchar(64);
