"""Language identification and the NLP pipelines, each loaded once per process on first use."""
