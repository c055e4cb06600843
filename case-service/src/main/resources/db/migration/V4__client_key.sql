-- Personal data of a client (free text, health-related exclusion criteria) is sealed with the client's own key before
-- it reaches an event (service-kit ch.iiz.service.privacy). The keys live here only, never on a topic or in a log.
-- Erasure deletes the key (crypto-shredding) and records who erased it, when and on which legal basis.
create table client_key (
    client_id   varchar(64) primary key,
    key         bytea,
    created_at  timestamptz not null,
    erased_at   timestamptz,
    erased_by   varchar(64),
    legal_basis text,
    constraint client_key_kept_or_erased check ((key is null) = (erased_at is not null))
);
