"""The store tests run on both backends: ``target`` (tests/conftest.py) is a new SQLite file or a new, empty
PostgreSQL database (on the throwaway server of tests/pgserver.py; skipped, saying why, where there is none)."""
