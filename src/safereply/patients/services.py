"""Every change to the patient index and every look-up of it.

Imports validate every row first and write in one transaction (a failed import changes
nothing). Every look-up of candidates and every confirmation writes an audit entry with
ids only: never a name, a date of birth or a record number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from safereply.accounts.models import Membership, Organization, Role
from safereply.audit.services import audit_record
from safereply.errors import SafeReplyError
from safereply.patients import crypto, importing, matching
from safereply.patients.models import Identification, Identity, Patient, PatientKey

# How many blocked candidates are decrypted and scored; how many are shown.
MAX_SCORED = 150
MAX_SHOWN = 10
_BATCH = 2000


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    format: str


def record_index(record_number: str) -> str:
    return crypto.blind("mrn", importing.record_number_normalize(record_number))


def _keys(identity: Identity) -> set[str]:
    return {crypto.blind("k", k) for k in matching.blocking_keys(identity.first_name, identity.last_name)}


def patients_import(*, organization: Organization, actor, data: bytes, filename: str = "") -> ImportResult:
    """Add or update patients from a CSV or a FHIR R4 Bundle; all rows or none."""
    limit = settings.SAFEREPLY_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise SafeReplyError(f"The file is larger than the import limit of {limit // (1024 * 1024)} MB; "
                             "split it into smaller files.", code="import_too_large")
    kind = importing.detect_format(data, filename)
    rows, errors = importing.read_fhir(data) if kind == "fhir" else importing.read_csv(data)
    clinicians, locations = importing.roster_lookup(organization)
    identities: dict[str, Identity] = {}
    for row in rows:
        result = importing.identity_from_row(row, clinicians=clinicians, locations=locations)
        if isinstance(result, importing.RowError):
            errors.append(result)
            continue
        index = record_index(result.record_number)
        if index in identities:
            errors.append(importing.RowError(row.row, "This record number appears earlier in the file."))
            continue
        identities[index] = result
    if not errors and not identities:
        errors.append(importing.RowError(0, "The file holds no patients."))
    if errors:
        errors.sort(key=lambda e: e.row)
        raise SafeReplyError(
            f"Nothing was imported: {len(errors)} problem(s) in the file.", code="import_invalid",
            details={"errors": [dataclasses.asdict(e) for e in errors]})
    now = timezone.now()
    with transaction.atomic():
        existing: dict[str, Patient] = {}
        indexes = list(identities)
        for start in range(0, len(indexes), _BATCH):
            for patient in Patient.objects.filter(organization=organization,
                                                  record_index__in=indexes[start:start + _BATCH]):
                existing[patient.record_index] = patient
        new, changed = [], []
        for index, identity in identities.items():
            encrypted = crypto.encrypt(dataclasses.asdict(identity))
            if index in existing:
                patient = existing[index]
                patient.identity_encrypted, patient.updated_at, patient._identity = encrypted, now, identity
                changed.append(patient)
            else:
                patient = Patient(organization=organization, record_index=index, identity_encrypted=encrypted,
                                  imported_at=now, updated_at=now)
                patient._identity = identity
                new.append(patient)
        Patient.objects.bulk_update(changed, ["identity_encrypted", "updated_at"], batch_size=_BATCH)
        Patient.objects.bulk_create(new, batch_size=_BATCH)
        for start in range(0, len(changed), _BATCH):
            PatientKey.objects.filter(patient__in=changed[start:start + _BATCH]).delete()
        _write_keys(new + changed, organization.pk)
        audit_record(actor=actor, action="patients.imported", obj=organization, organization_id=organization.pk,
                     data={"format": kind, "created": len(new), "updated": len(changed)})
    return ImportResult(created=len(new), updated=len(changed), format=kind)


def _write_keys(patients: list[Patient], organization_id: int) -> None:
    # About ten rows per patient, a million for a large index: executemany, not model instances.
    rows = [(p.pk, organization_id, k) for p in patients for k in _keys(p.identity)]
    table, quote = PatientKey._meta.db_table, connection.ops.quote_name
    sql = (f"INSERT INTO {quote(table)} ({quote('patient_id')}, {quote('organization_id_copy')}, {quote('key')}) "
           "VALUES (%s, %s, %s)")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start:start + 10_000])


def patients_rotate_key(*, actor=None) -> int:
    """Re-encrypt every patient under the current key and recompute the blind indexes."""
    count = 0
    with transaction.atomic():
        by_org: dict[int, list[Patient]] = {}
        for patient in Patient.objects.select_for_update().order_by("pk"):
            identity = patient.identity
            patient.identity_encrypted = crypto.rotate(patient.identity_encrypted)
            patient.record_index = record_index(identity.record_number)
            patient.save(update_fields=["identity_encrypted", "record_index"])
            by_org.setdefault(patient.organization_id, []).append(patient)
            count += 1
        PatientKey.objects.all().delete()
        for organization_id, patients in by_org.items():
            _write_keys(patients, organization_id)
        for organization in Organization.objects.filter(pk__in=by_org):
            audit_record(actor=actor, action="patients.key_rotated", obj=organization,
                         organization_id=organization.pk, data={"patients": len(by_org[organization.pk])})
    return count


def patient_by_record_number(*, organization: Organization, record_number: str) -> Patient | None:
    return Patient.objects.filter(organization=organization, record_index=record_index(record_number)).first()


# Who may see identities: the designated responders of the policy in force and the risk manager.

def may_see_identities(user, organization: Organization) -> bool:
    roles = set(Membership.objects.active().filter(user=user, organization=organization)
                .values_list("role", flat=True))
    if Role.RISK_MANAGER in roles:
        return True
    if Role.RESPONDER not in roles:
        return False
    from safereply.policy.services import policy_effective

    policy = policy_effective(organization)
    return policy is None or policy.may_respond(user)


def _require_identity_access(actor, organization: Organization) -> None:
    if not may_see_identities(actor, organization):
        raise SafeReplyError("Only the designated responders and the risk manager see patient identities.",
                             code="identity_forbidden")


def case_clues(case) -> matching.Clues:
    clinician_ids = set(case.clinicians.values_list("pk", flat=True))
    clinician_ids |= {int(pk) for pk in (case.suggested or {}).get("clinicians", [])}
    return matching.post_clues(case.post_text, reported=timezone.localdate(case.reported_at),
                               clinician_ids=clinician_ids, location_id=case.location_id)


def patient_match(*, organization_id: int, display_name: str, clues: matching.Clues,
                  clinician_names: dict[int, str] | None = None,
                  limit: int = MAX_SHOWN) -> list[tuple[Patient, matching.Scored]]:
    """The ranked candidates; no audit (callers that show them audit, see patient_candidates)."""
    plain = matching.query_keys(display_name)
    if not plain:
        return []
    # Two passes. The pair keys ('Nina P.', 'N. Petrovic', both orders) are selective and find
    # the poster in most cases with a few dozen rows; only when they find no good candidate do
    # the broad keys (tokens, prefixes, sounds) run, for typos in initials and lone handles.
    pairs = {k for k in plain if k.startswith(("fl:", "il:"))}
    scored = _scored(organization_id, display_name, clues, clinician_names, pairs) if pairs else []
    if not scored or max(row[2].score for row in scored) < GOOD_SCORE:
        scored = _scored(organization_id, display_name, clues, clinician_names, plain, pair_keys=pairs)
    scored.sort(key=lambda row: (-row[2].score, -(row[1].last_visit_date() or _EPOCH).toordinal()))
    top = scored[:limit]
    patients = Patient.objects.in_bulk([pk for pk, _, _ in top])
    for pk, identity, _ in top:
        patients[pk]._identity = identity
    return [(patients[pk], result) for pk, _, result in top]


_EPOCH = dt.date(1900, 1, 1)
GOOD_SCORE = 45  # below this, nothing in the first pass carries the name well


def _scored(organization_id, display_name, clues, clinician_names, plain_keys, pair_keys=frozenset()):
    keys = [crypto.blind("k", k) for k in plain_keys]
    pair_hashes = {crypto.blind("k", k) for k in pair_keys}
    hits: Counter = Counter()
    for patient_id, key in PatientKey.objects.filter(organization_id_copy=organization_id, key__in=keys
                                                     ).values_list("patient_id", "key"):
        hits[patient_id] += matching.PAIR_WEIGHT if key in pair_hashes else 1
    blocked = [pk for pk, _ in hits.most_common(MAX_SCORED)]
    scored = []
    # Plain tuples, not model instances: this loop decrypts up to MAX_SCORED rows per look-up.
    for pk, encrypted in Patient.objects.filter(pk__in=blocked).values_list("pk", "identity_encrypted"):
        identity = Identity(**crypto.decrypt(encrypted))
        result = matching.score(display_name, identity, clues, pk, clinician_names)
        if result.score >= matching.MIN_SCORE:
            scored.append((pk, identity, result))
    return scored


def patient_candidates(*, case, actor) -> list[tuple[Patient, matching.Scored]]:
    """Candidates for the poster of `case`, for a person allowed to see them; audited."""
    _require_identity_access(actor, case.organization)
    cached = getattr(case, "_candidates", None)
    if cached is not None:
        return cached
    names = {c.pk: c.display_name for c in case.organization.clinicians.all()}
    candidates = patient_match(organization_id=case.organization_id, display_name=case.poster_name,
                               clues=case_clues(case), clinician_names=names)
    audit_record(actor=actor, action="patients.candidates_viewed", obj=case,
                 data={"patient_ids": [p.pk for p, _ in candidates]})
    case._candidates = candidates
    return candidates


def patient_view(*, case, actor, patient: Patient) -> Identity:
    """A patient's identity, read for a case; audited."""
    _require_identity_access(actor, case.organization)
    if patient.organization_id != case.organization_id:
        raise SafeReplyError("That patient is not in this organization's index.", code="patient_invalid")
    audit_record(actor=actor, action="patients.identity_viewed", obj=case, data={"patient_id": patient.pk})
    return patient.identity


def case_identify(*, case, actor, patient: Patient, score: int | None = None, via_contact: str = "") -> Identification:
    _require_identity_access(actor, case.organization)
    if patient.organization_id != case.organization_id:
        raise SafeReplyError("That patient is not in this organization's index.", code="patient_invalid")
    with transaction.atomic():
        identification, _ = Identification.objects.select_for_update().get_or_create(
            case=case, defaults={"outcome": Identification.Outcome.IDENTIFIED, "decided_by": actor})
        identification.outcome, identification.patient = Identification.Outcome.IDENTIFIED, patient
        identification.score, identification.via_contact = score, via_contact
        identification.decided_by, identification.decided_at = actor, timezone.now()
        identification.full_clean()
        identification.save()
        audit_record(actor=actor, action="case.contact_linked" if via_contact else "case.poster_identified",
                     obj=case, data={"patient_id": patient.pk, "score": score, "channel": via_contact or None})
    return identification


def case_mark_unidentified(*, case, actor) -> Identification:
    _require_identity_access(actor, case.organization)
    with transaction.atomic():
        identification, _ = Identification.objects.select_for_update().get_or_create(
            case=case, defaults={"outcome": Identification.Outcome.UNIDENTIFIED, "decided_by": actor})
        if identification.patient_id and identification.via_contact:
            raise SafeReplyError("The poster got in touch and is identified already.", code="already_identified")
        identification.outcome, identification.patient, identification.score = (
            Identification.Outcome.UNIDENTIFIED, None, None)
        identification.decided_by, identification.decided_at = actor, timezone.now()
        identification.full_clean()
        identification.save()
        audit_record(actor=actor, action="case.poster_unidentified", obj=case)
    return identification


CONTACT_CHANNELS = {"phone": "Phone call", "email": "Email", "letter": "Letter", "in_person": "In person"}


def contact_link(*, case, actor, channel: str, record_number: str) -> Identification:
    """The poster got in touch: link them, found by record number, to the case."""
    if channel not in CONTACT_CHANNELS:
        raise SafeReplyError("Choose how they got in touch.", code="channel_invalid")
    _require_identity_access(actor, case.organization)
    patient = patient_by_record_number(organization=case.organization, record_number=record_number)
    if patient is None:
        # A look-up that finds nobody is still a look-up of the index: on the record too.
        audit_record(actor=actor, action="patients.looked_up", obj=case, data={"found": False})
        raise SafeReplyError("No patient in the index has that record number.", code="patient_not_found")
    return case_identify(case=case, actor=actor, patient=patient, via_contact=channel)
