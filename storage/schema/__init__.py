"""SQL scripts of the schema versions (data, read by :mod:`storage.migrations`)."""
