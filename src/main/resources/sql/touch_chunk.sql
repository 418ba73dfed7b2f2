UPDATE chunks SET enqueued_at = now() WHERE id = :#chunk_id AND applied_at IS NULL
