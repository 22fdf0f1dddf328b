"""`safereply audit verify`: check the audit chain; exit 1 at the first tampered row."""

from django.core.management.base import BaseCommand, CommandError

from safereply.audit.services import audit_verify


class Command(BaseCommand):
    help = "Work with the audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        checked, problem = audit_verify()
        if problem:
            raise CommandError(
                f"Audit entry #{problem.entry_id} was tampered with: {problem.reason}. "
                f"{checked} entries before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified."))
