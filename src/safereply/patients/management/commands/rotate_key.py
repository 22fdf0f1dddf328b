"""`safereply rotate-key`: re-encrypt the patient index under the first key of SAFEREPLY_PATIENT_KEYS.

Put the new key first and keep the old one after it; run this; then drop the old key.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safereply.cases.services import SystemActor
from safereply.patients.services import patients_rotate_key


class Command(BaseCommand):
    help = "Re-encrypt every patient under the current key and recompute the blind indexes."

    def handle(self, *args, **options):
        count = patients_rotate_key(actor=SystemActor("rotate-key"))
        self.stdout.write(f"Re-encrypted {count} patients under the current key.")
