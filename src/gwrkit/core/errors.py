"""Errors raised by gwrkit.

One root, so a caller can catch everything gwrkit means to raise::

    GwrkitError
    ├── IngestError      a file cannot be read as a report (names the file and the reason)
    ├── RuleError        a rules data file is missing or malformed
    ├── StoreError       the database cannot be opened, read or written (says which and why)
    └── UsageError       an argument given by the user is not acceptable
        └── NotFoundError    what was asked for (a report, a fact) does not exist

Extractors and the structure parser never raise on messy text; readers raise
``IngestError`` on unreadable input.
"""

from __future__ import annotations


class GwrkitError(Exception):
    """Root of every error gwrkit raises on purpose."""


class IngestError(GwrkitError):
    """A file could not be read as a report."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        # pickled as its two fields (a worker process raising it must not break the pool)
        return (IngestError, (self.path, self.reason))


class RuleError(GwrkitError):
    """A rules data file is missing or malformed."""


class StoreError(GwrkitError):
    """The database cannot be opened, read or written."""


class UsageError(GwrkitError):
    """A user-supplied argument is not acceptable."""


class NotFoundError(UsageError):
    """What was asked for (a report, a fact) does not exist."""
