"""Headers for every response, and a log filter that keeps secrets out of log lines."""

from __future__ import annotations

import logging
import re

# Scripts and styles come only from our own static files (htmx is vendored).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Case pages must not sit in shared caches or the back-button cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


_TOKEN_IN_PATH = re.compile(r"/r/[A-Za-z0-9_\-]+")


class RedactPathsFilter(logging.Filter):
    """Replace the report-link token in any logged path with a placeholder."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _TOKEN_IN_PATH.sub("/r/<token>", record.msg)
        if record.args:
            record.args = tuple(
                _TOKEN_IN_PATH.sub("/r/<token>", a) if isinstance(a, str) else a
                for a in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        return True
