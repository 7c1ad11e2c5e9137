"""Fetch settings for the loopback servers the tests start: loopback is refused by default, so tests opt in."""

from presswatch.ingest.fetch import FetchSettings


def local(**kwargs: object) -> FetchSettings:
    """Settings that may fetch from loopback (``allow_private_addresses``), with any other field given."""
    return FetchSettings(allow_private_addresses=True, **kwargs)  # type: ignore[arg-type]
