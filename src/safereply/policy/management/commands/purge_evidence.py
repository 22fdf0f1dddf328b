"""`safereply purge-evidence`: delete screenshots kept longer than the policy in force allows.

Organizations with no policy in force keep everything: nobody has decided a period yet.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safereply.cases.services import evidence_purge
from safereply.policy.models import PolicyVersion


class Command(BaseCommand):
    help = "Delete evidence (screenshots of closed cases) older than each policy's retention period."

    def handle(self, *args, **options):
        for version in PolicyVersion.objects.effective().select_related("organization"):
            kept_days = int(version.document["retention_days"])
            purged = evidence_purge(organization=version.organization, kept_days=kept_days)
            self.stdout.write(f"{version.organization.name}: {purged} screenshot(s) older than {kept_days} days deleted.")
