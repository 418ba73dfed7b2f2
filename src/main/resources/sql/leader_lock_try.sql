-- The sync's leader lock: held by one database session for as long as it lives.
SELECT pg_try_advisory_lock(4242424202)
