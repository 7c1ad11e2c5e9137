"""Getting clean text in: fetching URLs, reading files, stdin and WARC archives, decoding, extraction."""

from presswatch.ingest.sources import InputFailure, RawInput, iter_inputs

__all__ = ["RawInput", "InputFailure", "iter_inputs"]
