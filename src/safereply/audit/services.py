"""Writing and checking the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from safereply.audit.models import GENESIS_HASH, AuditEntry

# Keys that would carry patient information if a caller passed them by mistake.
FORBIDDEN_KEYS = frozenset({"post_text", "poster_name", "text", "note", "reply", "body", "name"})

# Any fixed number: every writer of the chain takes the same PostgreSQL advisory lock.
_CHAIN_LOCK = 7_246_811


def audit_record(*, actor, action: str, obj, data: dict | None = None, organization_id=None) -> AuditEntry:
    """Append one entry. Call it inside the transaction that makes the change."""
    data = dict(data or {})
    leaked = FORBIDDEN_KEYS & set(data)
    if leaked:
        raise ValueError(f"Audit data must not carry {sorted(leaked)}; record ids instead.")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialize writers so that two entries never claim the same predecessor.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        if actor is None or not getattr(actor, "is_authenticated", False):
            actor_id, actor_label = None, getattr(actor, "label", None) or "anonymous"
        else:
            actor_id, actor_label = actor.pk, actor.get_username()
        if organization_id is None:
            organization_id = getattr(obj, "organization_id", None)
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            organization_id=organization_id,
            action=action,
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            data=data,
            prev_hash=last or GENESIS_HASH,
        )
        entry.hash = entry.compute_hash()
        entry.full_clean()
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    reason: str


def audit_verify() -> tuple[int, ChainProblem | None]:
    """Walk the chain in order; return how many entries were checked and the first problem."""
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return checked, ChainProblem(entry.pk, "its predecessor is missing or was changed")
        if entry.compute_hash() != entry.hash:
            return checked, ChainProblem(entry.pk, "its content does not match its hash")
        expected_prev = entry.hash
        checked += 1
    return checked, None
