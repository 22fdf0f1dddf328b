"""Identity fields encrypted at rest, and blind indexes for finding rows without decrypting.

Keys come from SAFEREPLY_PATIENT_KEYS (comma-separated Fernet keys, the first is current;
the others still decrypt, so a new key can be put first and `safereply rotate-key` run at
leisure). A blind index is an HMAC-SHA256 of a normalized value under a key derived from the
current Fernet key: equal values give equal digests, the digests give nothing away. The
trade-off accepted: after a rotation the blind indexes must be recomputed (rotate-key does
both in one transaction).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SAFEREPLY_PATIENT_KEYS is empty: set at least one Fernet key.")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "SAFEREPLY_PATIENT_KEYS must hold Fernet keys (32 url-safe base64 bytes each).") from None


@lru_cache(maxsize=4)
def _index_key(current: str) -> bytes:
    return hashlib.sha256(b"safereply-blind-index\x00" + base64.urlsafe_b64decode(current.encode())).digest()


def keys() -> tuple[str, ...]:
    return tuple(settings.SAFEREPLY_PATIENT_KEYS)


def encrypt(value: dict) -> str:
    return _fernet(keys()).encrypt(json.dumps(value, separators=(",", ":")).encode()).decode()


def decrypt(token: str) -> dict:
    try:
        return json.loads(_fernet(keys()).decrypt(token.encode()))
    except InvalidToken:
        raise ImproperlyConfigured(
            "A patient row cannot be decrypted with SAFEREPLY_PATIENT_KEYS: a key is missing.") from None


def rotate(token: str) -> str:
    """The same content encrypted under the current key."""
    return _fernet(keys()).rotate(token.encode()).decode()


def blind(kind: str, value: str) -> str:
    """A 32-hex-digit HMAC of `value` (already normalized) in namespace `kind`."""
    key = _index_key(keys()[0])
    return hmac.new(key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()[:32]


def new_key() -> str:
    return Fernet.generate_key().decode()
