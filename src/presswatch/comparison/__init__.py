"""Comparing sources: the same incident across documents, who reported what, which names each source used."""
