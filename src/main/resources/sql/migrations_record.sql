INSERT INTO schema_version (file) VALUES (?)
