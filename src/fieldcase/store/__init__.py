"""The encrypted local store: SQLCipher engine, tables, repositories, outbox, search, migrations."""
