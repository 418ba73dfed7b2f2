-- Sets one address's balance to the sum of its deltas (see recompute_balance in the schema for why it is safe
-- beside running workers).
SELECT encode(decode(:#address, 'hex'), 'hex') AS address, recompute_balance(decode(:#address, 'hex')) AS balance
