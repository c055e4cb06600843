-- The auditor asks two questions at once (DOMAIN.md "Dates"): the business day a state was read for, beside the
-- instant (as_of) it was known at.
alter table audit_read add column on_day date;
