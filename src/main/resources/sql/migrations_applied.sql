SELECT file FROM schema_version
