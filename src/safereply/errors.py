"""The one application error: a message for people, details for programs."""

from __future__ import annotations


class SafeReplyError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details or {}
