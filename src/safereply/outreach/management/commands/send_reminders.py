"""`safereply send-reminders`: remind unanswered private invitations (run it daily, e.g. from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safereply.outreach.services import reminders_send


class Command(BaseCommand):
    help = "Remind private invitations that have gone unanswered for the policy's interval."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminded {reminders_send()} invitation(s).")
