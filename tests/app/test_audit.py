"""The audit log is append-only and hash-chained; `safereply audit verify` finds tampering."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safereply.audit.models import AppendOnlyError, AuditEntry
from safereply.audit.services import audit_record, audit_verify


@pytest.fixture
def chain(case_in):
    case_in("published")
    assert AuditEntry.objects.count() > 5
    return list(AuditEntry.objects.order_by("id"))


def _tamper(entry_id: int, action: str) -> None:
    """Change a row behind the application's back, the way an attacker with SQL would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
            cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", [action, entry_id])
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_append_only")
            cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", [action, entry_id])
            cursor.execute("CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_auditentry "
                           "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;")


def test_each_entry_chains_to_the_one_before(chain):
    assert chain[0].prev_hash == "0" * 64
    for previous, entry in zip(chain, chain[1:]):
        assert entry.prev_hash == previous.hash
        assert entry.hash == entry.compute_hash()


def test_an_intact_chain_verifies(chain, capsys):
    assert audit_verify() == (len(chain), None)
    call_command("audit", "verify")
    assert f"{len(chain)} entries verified" in capsys.readouterr().out


def test_verify_reports_the_first_tampered_row(chain):
    _tamper(chain[3].pk, "case.viewed")
    checked, problem = audit_verify()
    assert problem.entry_id == chain[3].pk and checked == 3
    with pytest.raises(CommandError, match=f"#{chain[3].pk} was tampered"):
        call_command("audit", "verify")


def test_verify_notices_a_deleted_row(chain):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [chain[2].pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_append_only")
    assert audit_verify()[1].entry_id == chain[3].pk


def test_the_model_refuses_update_and_delete(chain):
    entry = chain[0]
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_database_refuses_update(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=chain[0].pk).update(action="changed")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite keeps DELETE for Django's test flush")
def test_postgresql_refuses_delete(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=chain[0].pk).delete()


def test_audit_data_may_not_carry_patient_text(case_in, people):
    case = case_in("reported")
    with pytest.raises(ValueError, match="ids instead"):
        audit_record(actor=people["responder"], action="x", obj=case, data={"post_text": "my diabetes"})


def test_viewing_a_case_is_audited(client, case_in, people):
    case = case_in("reported")
    client.force_login(people["counsel"])
    client.get(f"/cases/{case.pk}/")
    entry = AuditEntry.objects.filter(action="case.viewed").get()
    assert (entry.actor_id, entry.object_id) == (people["counsel"].pk, str(case.pk))
