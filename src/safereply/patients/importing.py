"""Reading a patient index file: CSV or a FHIR R4 Bundle of Patient resources.

Parsing only: every row is checked and turned into an ``Identity`` or an error naming the
row; services.patients_import writes nothing unless every row is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from safereply.patients.models import Identity

CSV_COLUMNS = ("record_number", "first_name", "last_name", "birth_date", "phone", "email",
               "last_visit", "visit_type", "clinician", "location")
REQUIRED = ("record_number", "first_name", "last_name")
MAX_FIELD = 200


@dataclass(frozen=True)
class RowError:
    row: int  # the CSV line number, or the Bundle entry's position (from 1)
    message: str


@dataclass(frozen=True)
class Row:
    row: int
    fields: dict  # the columns above, as strings


def record_number_normalize(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def detect_format(data: bytes, filename: str = "") -> str:
    head = data.lstrip()[:1]
    if filename.lower().endswith(".json") or head in (b"{", b"["):
        return "fhir"
    return "csv"


def read_csv(data: bytes) -> tuple[list[Row], list[RowError]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, "The file is not UTF-8 text.")]
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as e:
        return [], [RowError(1, f"The header cannot be read ({e}).")]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [RowError(1, f"The header lacks the column(s) {', '.join(missing)}; "
                                f"expected {', '.join(CSV_COLUMNS)}.")]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        return [], [RowError(1, f"Unknown column(s) {', '.join(unknown)}; expected {', '.join(CSV_COLUMNS)}.")]
    reader.fieldnames = header
    rows, errors = [], []
    try:
        for record in reader:
            line = reader.line_num
            if None in record or any(v is None for v in record.values()):
                errors.append(RowError(line, "The row has a different number of fields than the header."))
                continue
            rows.append(Row(line, {k: (v or "").strip() for k, v in record.items()}))
    except csv.Error as e:
        errors.append(RowError(reader.line_num, f"The row cannot be read ({e})."))
    return rows, errors


def _fhir_patient(resource: dict) -> dict:
    from fhir.resources.R4B.patient import Patient as FhirPatient

    patient = FhirPatient.model_validate(resource)
    record_number = ""
    for identifier in patient.identifier or []:
        codes = [c.code for c in (identifier.type.coding or [])] if identifier.type else []
        if identifier.value and ("MR" in codes or not record_number):
            record_number = identifier.value
    name = next((n for n in patient.name or [] if n.use in (None, "official", "usual")), None)
    telecom = {t.system: t.value for t in reversed(patient.telecom or []) if t.value}
    clinician = next((g.display for g in patient.generalPractitioner or [] if g.display), "")
    return {
        "record_number": record_number or "",
        "first_name": " ".join(name.given or []) if name else "",
        "last_name": (name.family or "") if name else "",
        # A partial date ("1980", "1980-05") stays a string; the row check then names the entry.
        "birth_date": (patient.birthDate.isoformat() if isinstance(patient.birthDate, dt.date)
                       else str(patient.birthDate or "")),
        "phone": telecom.get("phone", ""),
        "email": telecom.get("email", ""),
        "last_visit": "", "visit_type": "", "clinician": clinician or "", "location": "",
    }


def read_fhir(data: bytes) -> tuple[list[Row], list[RowError]]:
    try:
        bundle = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        return [], [RowError(0, f"The file is not JSON ({e.__class__.__name__}).")]
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        found = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle).__name__
        return [], [RowError(0, f"Expected a FHIR Bundle of Patient resources, found {found!r}.")]
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        return [], [RowError(0, "The Bundle's entry must be a list.")]
    from pydantic import ValidationError as PydanticError

    rows, errors = [], []
    for position, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind != "Patient":
            errors.append(RowError(position, f"Entry {position} is a {kind or 'missing'} resource, not a Patient."))
            continue
        try:
            rows.append(Row(position, _fhir_patient(resource)))
        except PydanticError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            errors.append(RowError(position, f"Entry {position} is not a valid R4 Patient ({where}: {first['msg']})."))
    return rows, errors


def _date(value: str, field: str, errors: list[str]) -> str:
    if not value:
        return ""
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{field} must be a date as YYYY-MM-DD")
        return ""
    if not dt.date(1880, 1, 1) <= parsed <= dt.date.today() + dt.timedelta(days=1):
        errors.append(f"{field} is out of range")
    return parsed.isoformat()


def identity_from_row(row: Row, *, clinicians: dict[str, int], locations: dict[str, int]) -> Identity | RowError:
    f = row.fields
    problems = [f"{c} is missing" for c in REQUIRED if not f.get(c)]
    problems += [f"{k} is longer than {MAX_FIELD} characters" for k, v in f.items() if len(v or "") > MAX_FIELD]
    birth = _date(f.get("birth_date", ""), "birth_date", problems)
    last_visit = _date(f.get("last_visit", ""), "last_visit", problems)
    email = f.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is not an email address")
    clinician_id = location_id = None
    if f.get("clinician"):
        clinician_id = clinicians.get(_roster_key(f["clinician"]))
        if clinician_id is None:
            problems.append("clinician is not on the organization's roster")
    if f.get("location"):
        location_id = locations.get(f["location"].strip().lower())
        if location_id is None:
            problems.append("location is not one of the organization's locations")
    if not record_number_normalize(f.get("record_number", "")) and f.get("record_number"):
        problems.append("record_number has no letters or digits")
    if problems:
        message = "; ".join(problems)
        return RowError(row.row, message[0].upper() + message[1:] + ".")
    return Identity(
        record_number=f["record_number"], first_name=f["first_name"], last_name=f["last_name"],
        birth_date=birth, phone=f.get("phone", ""), email=email, last_visit=last_visit,
        visit_type=f.get("visit_type", ""), clinician_id=clinician_id, location_id=location_id,
    )


def _roster_key(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower())
    titles = {"dr", "np", "pa", "rn", "md", "do"}
    return " ".join(w for w in words if w not in titles)


def roster_lookup(organization) -> tuple[dict[str, int], dict[str, int]]:
    clinicians: dict[str, int] = {}
    for c in organization.clinicians.all():
        clinicians[_roster_key(c.full_name)] = c.pk
        clinicians.setdefault(_roster_key(c.last_name), c.pk)
    locations = {loc.name.strip().lower(): loc.pk for loc in organization.locations.all()}
    return clinicians, locations
