"""Outputs: JSON (the documented schema), plain text summaries and a self-contained HTML report."""
