"""Normalize links to posts, so that two reports of one post land in one case."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from safereply.errors import SafeReplyError

MAX_URL_LENGTH = 2000
# Query parameters that only say where a click came from.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src", "s", "t", "si", "share", "hl"}
)
MOBILE_PREFIXES = ("www.", "m.", "mobile.")
HOST_ALIASES = {"twitter.com": "x.com"}


def url_normalize(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise SafeReplyError("Paste the link to the post.", code="url_missing")
    if len(text) > MAX_URL_LENGTH:
        raise SafeReplyError("That link is too long to be a link to a post.", code="url_too_long")
    # Control characters too: PostgreSQL refuses NUL in a text column, and none belongs in a link.
    if any(c.isspace() or not c.isprintable() for c in text) or "<" in text or ">" in text or '"' in text:
        raise SafeReplyError("That does not look like a link: it contains spaces or brackets.", code="url_malformed")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise SafeReplyError("That does not look like a link to a post.", code="url_malformed") from None
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or "." not in host or parts.username or parts.password:
        raise SafeReplyError(
            "That does not look like a link to a post; copy it from the browser's address bar.",
            code="url_malformed",
        )
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
    host = HOST_ALIASES.get(host, host)
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    normalized = urlunsplit(("https", netloc, path, urlencode(query), ""))
    # The scheme added and the query percent-encoded can make a link longer than it was typed.
    if len(normalized) > MAX_URL_LENGTH:
        raise SafeReplyError("That link is too long to be a link to a post.", code="url_too_long")
    return normalized
