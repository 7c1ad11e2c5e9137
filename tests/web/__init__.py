"""Tests of presswatch serve (a package: its test_security.py would otherwise clash with tests/test_security.py)."""
