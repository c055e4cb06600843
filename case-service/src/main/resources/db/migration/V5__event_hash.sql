-- Tamper evidence (axon-kit EventHashes): the chain hash of every integration event of an aggregate, written in the
-- command's transaction right after the append: hash = SHA-256(prev_hash || canonical envelope), prev_hash of the
-- aggregate's first event = 32 zero bytes. The relay sends both as record headers (iiz-hash, iiz-prev-hash).
create table event_hash (
    aggregate_id varchar(255) not null,
    sequence     bigint       not null,
    hash         bytea        not null check (length(hash) = 32),
    prev_hash    bytea        not null check (length(prev_hash) = 32),
    primary key (aggregate_id, sequence)
);

-- Anchors over all chain heads (axon-kit ChainAnchors), also published to iiz.audit.anchors.
create table chain_anchor (
    anchor_id   varchar(64)  primary key,
    anchored_at timestamptz  not null,
    aggregates  bigint       not null,
    events      bigint       not null,
    digest      char(64)     not null,
    trigger     varchar(16)  not null
);
create index chain_anchor_at on chain_anchor (anchored_at);
