"""The error that makes a whole file unusable (as opposed to one bad row)."""

from __future__ import annotations


class ImportFileError(Exception):
    """The file cannot be imported at all: nothing was read or written.

    ``line`` is the file line when known (an encoding error, a broken CSV quote).
    """

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return self.reason
