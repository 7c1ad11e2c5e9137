"""One exception hierarchy. Every message is meant to be read by a user and acted on.

The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``; it never shows a traceback
for these.
"""

from __future__ import annotations


class PresswatchError(Exception):
    """Base class of every error presswatch raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message


class InputError(PresswatchError):
    """The input could not be read or is not something presswatch can analyse."""

    exit_code = 2


class MissingFileError(InputError):
    pass


class EncodingError(InputError):
    pass


class UnsupportedContentError(InputError):
    """Binary or non-HTML/non-text content."""


class NoArticleTextError(InputError):
    """The page was read but no article text could be found in it."""


class TooLargeError(InputError):
    pass


class MalformedWarcError(InputError):
    pass


class FetchError(PresswatchError):
    """Getting a URL failed."""

    exit_code = 3


class HTTPStatusError(FetchError):
    def __init__(self, message: str, *, status: int, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.status = status


class FetchTimeoutError(FetchError):
    pass


class BlockedAddressError(FetchError):
    """The URL (or a redirect) leads to a loopback, private or other non-public address, refused by default."""


class StoreError(PresswatchError):
    exit_code = 4


class NotFoundError(StoreError):
    pass


class WriteConflictError(StoreError):
    """A transaction rolled back by the database because of another writer (on PostgreSQL a deadlock, SQLSTATE
    40P01, or a serialization failure, 40001): nothing of it was stored, and running it again may succeed.
    ``atomic_retry`` of a store does that for blocks that are safe to run again."""


class ConfigError(PresswatchError):
    exit_code = 5


class DataMissingError(PresswatchError):
    """An evaluation data set is not where it was looked for."""

    exit_code = 6
