"""`safereply import-patients FILE [--organization NAME]`: CSV or a FHIR R4 Bundle (JSON)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safereply.accounts.models import Organization
from safereply.cases.services import SystemActor
from safereply.errors import SafeReplyError
from safereply.patients.services import patients_import


class Command(BaseCommand):
    help = "Import or update the patient index from a CSV file or a FHIR R4 Bundle of Patient resources."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organization", help="The organization's name (needed when there are several).")

    def handle(self, *args, file: str, organization: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        limit = settings.SAFEREPLY_MAX_IMPORT_BYTES
        if path.stat().st_size > limit:
            raise CommandError(f"{file} is larger than the import limit of {limit // (1024 * 1024)} MB "
                               "(SAFEREPLY_MAX_IMPORT_BYTES); split it into smaller files.")
        organizations = Organization.objects.filter(name=organization) if organization else Organization.objects.all()
        if organizations.count() != 1:
            raise CommandError("Name the organization with --organization (exactly one must match).")
        try:
            result = patients_import(organization=organizations.get(), actor=SystemActor("import-patients"),
                                     data=path.read_bytes(), filename=path.name)
        except SafeReplyError as e:
            for error in e.details.get("errors", []):
                where = f"row {error['row']}" if error["row"] else "file"
                self.stderr.write(f"{path.name}, {where}: {error['message']}")
            raise CommandError(e.message) from None
        self.stdout.write(f"Imported {result.created} new and updated {result.updated} patients ({result.format}).")
