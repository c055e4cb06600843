-- Each appended event counts the ledger rows of its key to number itself: without this index every append scanned
-- the whole ledger.
create index ledger_partition_key on ledger (partition_key);
