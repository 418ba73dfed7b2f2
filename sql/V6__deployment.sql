-- Version 6: each database's own name for its queues. Two trackers given the same Redis database (two tokens
-- followed from one machine, or a database started afresh beside the queue of the one before) each use the Redis
-- lists named after their database's deployment, so that neither takes the other's chunks.
ALTER TABLE sync_state ADD COLUMN deployment UUID NOT NULL DEFAULT gen_random_uuid();
