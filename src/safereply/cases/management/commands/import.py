"""`safereply import FILE`: bulk intake of posts from CSV or JSON Lines.

Every row is validated first; if any row is bad, the command prints each bad row with its
reason and imports nothing. Only when all rows are good are they imported, in one
transaction. Columns/keys: platform, url, poster_name, post_text, and optionally note,
location (a location's name), reported_at (ISO 8601).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from safereply.accounts.models import Organization
from safereply.cases import services
from safereply.cases.models import Report
from safereply.errors import SafeReplyError

REQUIRED = ("platform", "url", "poster_name", "post_text")
OPTIONAL = ("note", "location", "reported_at")
MAX_ROWS = 50_000


def read_rows(path: Path) -> list[tuple[int, dict | None, str]]:
    """(line number, row or None, problem) for each record in the file."""
    suffix = path.suffix.lower()
    rows: list[tuple[int, dict | None, str]] = []
    limit = settings.SAFEREPLY_MAX_IMPORT_BYTES
    if path.stat().st_size > limit:
        raise CommandError(f"{path.name} is larger than the import limit of {limit // (1024 * 1024)} MB "
                           "(SAFEREPLY_MAX_IMPORT_BYTES); split it into smaller files.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} is not UTF-8 text.") from None
    if suffix in (".jsonl", ".ndjson", ".json"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                rows.append((number, None, f"not valid JSON ({e.msg} at column {e.colno})"))
                continue
            except RecursionError:
                rows.append((number, None, "not valid JSON (nested too deeply)"))
                continue
            if not isinstance(row, dict):
                rows.append((number, None, "each line must be a JSON object"))
                continue
            rows.append((number, row, ""))
    elif suffix == ".csv":
        reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
        try:
            header = reader.fieldnames or []
        except csv.Error as e:
            raise CommandError(f"The CSV header cannot be read ({e}).") from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise CommandError(f"The CSV header lacks: {', '.join(missing)}.")
        try:
            for row in reader:
                if None in row:
                    rows.append((reader.line_num, None, "more fields than the header has"))
                    continue
                rows.append((reader.line_num, row, ""))
        except csv.Error as e:
            rows.append((reader.line_num, None, f"malformed CSV ({e})"))
    else:
        raise CommandError("Give a .csv or .jsonl file.")
    if len(rows) > MAX_ROWS:
        raise CommandError(f"At most {MAX_ROWS:,} rows per import; split the file.")
    return rows


class Command(BaseCommand):
    help = "Import reported posts from a CSV or JSONL file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organization", help="Organization name (needed when there are several).")

    def handle(self, *args, file: Path, organization=None, **options):
        console = Console(file=self.stdout, highlight=False)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        org = self._organization(organization)
        locations = {loc.name.lower(): loc for loc in org.locations.all()}
        records = read_rows(file)

        valid: list[tuple[int, dict]] = []
        errors: list[tuple[int, str]] = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Checking rows", total=len(records))
            for number, row, problem in records:
                progress.advance(task)
                if row is None:
                    errors.append((number, problem))
                    continue
                try:
                    valid.append((number, self._check(row, locations)))
                except SafeReplyError as e:
                    errors.append((number, e.message))

        if errors:
            table = Table(title=f"{len(errors)} of {len(records)} rows have problems; nothing was imported")
            table.add_column("Line", justify="right")
            table.add_column("Problem")
            for number, problem in errors:
                table.add_row(str(number), problem)
            console.print(table)
            raise CommandError("Fix the rows above and run the import again.")

        joined = 0
        with transaction.atomic(), Progress(console=console, transient=True) as progress:
            task = progress.add_task("Importing", total=len(valid))
            for number, fields in valid:
                report = services.report_submit(organization=org, via=Report.Via.IMPORT, **fields)
                joined += report.case.reports.count() > 1
                progress.advance(task)
        console.print(f"Imported {len(valid)} reports ({joined} joined an existing case).")

    def _organization(self, name: str | None) -> Organization:
        orgs = Organization.objects.all()
        if name:
            orgs = orgs.filter(name=name)
        count = orgs.count()
        if count != 1:
            raise CommandError("Name the organization with --organization." if count else "No such organization.")
        return orgs.get()

    def _check(self, row: dict, locations: dict) -> dict:
        unknown = set(row) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            raise SafeReplyError(f"unknown columns: {', '.join(sorted(map(str, unknown)))}")
        values = {}
        for key in (*REQUIRED, *OPTIONAL):
            value = row.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise SafeReplyError(f"{key} must be text")
            values[key] = value
        fields = services.report_validate(platform=values["platform"], url=values["url"],
                                          poster_name=values["poster_name"], post_text=values["post_text"],
                                          note=values["note"])
        location = None
        if values["location"].strip():
            location = locations.get(values["location"].strip().lower())
            if location is None:
                raise SafeReplyError(f"no location named {values['location'].strip()!r}")
        reported_at = None
        if values["reported_at"].strip():
            try:
                reported_at = dt.datetime.fromisoformat(values["reported_at"].strip())
            except ValueError:
                raise SafeReplyError("reported_at must be a date and time like 2025-03-01T14:30") from None
            try:
                if timezone.is_naive(reported_at):
                    reported_at = timezone.make_aware(reported_at)
                # In UTC: PostgreSQL refuses offsets beyond +/-15:59, and dates before year 1.
                reported_at = reported_at.astimezone(dt.timezone.utc)
            except (OverflowError, ValueError):
                raise SafeReplyError("reported_at is out of range") from None
            if reported_at > timezone.now():
                raise SafeReplyError("reported_at is in the future")
        return {
            "platform": fields["platform"], "url": values["url"], "poster_name": fields["poster_name"],
            "post_text": fields["post_text"], "note": fields["note"], "location": location,
            "reported_at": reported_at,
        }
