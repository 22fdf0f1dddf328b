"""The audit log: append-only and hash-chained.

Each entry stores the SHA-256 of its canonical content together with the hash of the
entry before it, so changing or removing any row breaks every hash after it. The model
refuses updates and deletes; a database trigger refuses them too (both on PostgreSQL,
updates on SQLite, whose test-database flush needs DELETE).

Entries carry ids and field names only, never post text, poster names or any other
health information: the log must be safe to hand to an auditor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import models

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    at = models.DateTimeField()
    # No foreign keys: deleting a user or a case must not rewrite (or cascade into) the log.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=150)  # the username at the time, or "report link"
    organization_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=60)  # e.g. "case.viewed", "case.triaged"
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)  # ids, state names, field names: never PHI
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"
        # The case page lists the entries of one case.
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> str:
        content = {
            "at": self.at.astimezone(dt.timezone.utc).isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "organization_id": self.organization_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")
