"""A fixed-window rate limit on Django's cache (local memory unless configured otherwise)."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "unknown")


def _cache_key(scope: str, key: str, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    return f"ratelimit:{scope}:{key}:{window}"


def rate_limit_reached(*, scope: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """True when this window already holds `limit` attempts; counts nothing."""
    return (cache.get(_cache_key(scope, key, window_seconds)) or 0) >= limit


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt; True when the limit for this window is exceeded."""
    cache_key = _cache_key(scope, key, window_seconds)
    cache.add(cache_key, 0, timeout=window_seconds + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 60)
        count = 1
    return count > limit
