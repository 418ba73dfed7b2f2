-- Version 4: the chain a database follows, so that a changed CHAIN_ID (USDe has the same address on several
-- chains) is refused instead of mixing two chains' transfers. NULL on databases made before this version: the
-- first start adopts its CHAIN_ID.
ALTER TABLE sync_state ADD COLUMN chain_id BIGINT;
