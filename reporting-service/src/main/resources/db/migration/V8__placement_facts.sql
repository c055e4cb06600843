-- Issue #17 (Hessen joint measure planning and shared vacancies): KPI facts from iiz.placement.events, rebuilt like
-- the others (KpiProjector.TABLES). Seats are keyed by reservation and each event sets only its own column, so the
-- result does not depend on the order in which the course's and the cases' partitions are read.
create table course_fact (
    course_id      varchar(100)   primary key,
    organiser      varchar(64)    not null,
    measure_kind   varchar(32),
    seats          int,
    minimum        int,
    start_date     date,
    price_per_seat numeric(12, 2),
    decision_date  date,
    announced_on   date,
    status         varchar(16)    not null,
    decided_on     date
);
create table seat_fact (
    reservation_id        varchar(100)   primary key,
    course_id             varchar(100)   not null,
    case_id               varchar(64)    not null,
    reserving_institution varchar(64)    not null,
    price_per_seat        numeric(12, 2),
    reserved_on           date,
    confirmed_on          date,
    released_on           date,
    release_reason        varchar(32)
);
create index seat_fact_case on seat_fact (case_id);
create index seat_fact_course on seat_fact (course_id);
create table vacancy_fact (
    vacancy_id  varchar(100) primary key,
    agency      varchar(64)  not null,
    region      varchar(32),
    recorded_on date,
    valid_until date
);
-- A vacancy proposed to a case and what came of it (the latest outcome; HIRED and REJECTED are final).
create table proposal_fact (
    vacancy_id   varchar(100) not null,
    case_id      varchar(64)  not null,
    proposed_by  varchar(64),
    proposed_on  date,
    outcome      varchar(16),
    outcome_on   date,
    primary key (vacancy_id, case_id)
);
create index proposal_fact_case on proposal_fact (case_id);
