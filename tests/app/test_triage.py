"""Table tests for the triage suggestions (plain module, no database)."""

from __future__ import annotations

import pytest

from safereply.cases import triage

ROSTER = (
    triage.RosterEntry(1, "Maria", "Alvarez", "Dr."),
    triage.RosterEntry(2, "James", "Okafor", "NP"),
    triage.RosterEntry(3, "Grace", "Lee", "Dr."),
    triage.RosterEntry(4, "Priya", "Raman", "Dr."),
)


@pytest.mark.parametrize("text,category", [
    ("They billed my insurance twice and the billing office never calls back.", "billing"),
    ("I waited two hours past my appointment time.", "access"),
    ("Esperé tres horas para mi cita.", "access"),
    ("The receptionist was rude and laughed at my mother.", "conduct"),
    ("The doctor misdiagnosed my infection and prescribed the wrong medication.", "clinical"),
    ("Someone at the front desk shared my information in front of everyone. HIPAA anyone?", "privacy"),
    ("The parking lot is a mess and the bathroom was dirty.", "facilities"),
    ("Meh.", "other"),
    ("Great people, lovely place.", "other"),
])
def test_category(text, category):
    assert triage.suggest_category(text) == category


@pytest.mark.parametrize("text,severity", [
    ("I will sue you, my lawyer is already on it.", "egregious"),
    ("This is malpractice.", "egregious"),
    ("They treated me that way because of my race. Racist staff.", "egregious"),
    ("I'm calling the news about this place.", "egregious"),
    ("Voy a hablar con un abogado.", "egregious"),
    ("I'll report them to the medical board.", "egregious"),
    ("Worst clinic in town, incompetent.", "high"),
    ("They gave me the wrong dose and I ended up in the emergency room.", "high"),
    ("Waited an hour for my appointment.", "medium"),
    ("A bit of a wait, but overall the staff were kind.", "low"),
    ("The newsletter was nice.", "medium"),  # "news" inside a word is not a media threat
    ("I sued nobody; I just want an answer.", "medium"),
])
def test_severity(text, severity):
    assert triage.suggest_severity(text)[0] == severity


@pytest.mark.parametrize("text,ids", [
    ("Dr. Alvarez was dismissive.", [1]),
    ("Dr. Alvares was dismissive.", [1]),  # misspelled
    ("dr alvarz never looked at me", [1]),  # misspelled after a title, no capitals
    ("Alvarez never listened.", [1]),  # last name alone
    ("Maria was lovely but the wait was long.", [1]),  # first name alone, capitalized
    ("NP Okafor rushed me.", [2]),
    ("Okafur rushed me.", [2]),  # misspelled last name alone
    ("James Okafor and Dr. Lee both ignored me.", [2, 3]),
    ("La doctora Alvarez no me atendió.", [1]),
    ("Dr Raman was incompetent.", [4]),
    ("I could see the sea from the lobby.", []),  # "see"/"sea" are not Dr. Lee
    ("Amazing grace, my maria-chi band, alvarado street", []),  # lowercase or merely similar
    ("The Jameson building is old.", []),
    ("Nobody there cared.", []),
])
def test_clinicians_named(text, ids):
    assert sorted(m.id for m in triage.find_clinicians(text, ROSTER)) == ids


@pytest.mark.parametrize("text,phrases", [
    ("I have diabetes and they made me wait.", ["I have diabetes"]),
    ("They lost the results of my biopsy.", ["my biopsy"]),
    ("I was diagnosed with cancer last year.", ["I was diagnosed with cancer"]),
    ("Estoy embarazada y nadie me atendió.", ["Estoy embarazada"]),
    ("The waiting room was cold.", []),
    ("They were rude to my husband.", []),
])
def test_self_disclosures(text, phrases):
    assert list(triage.find_self_disclosures(text)) == phrases


@pytest.mark.parametrize("text,language", [
    ("Waited two hours and nobody told me why.", "en"),
    ("Esperé dos horas y nadie me explicó nada. Muy mal servicio.", "es"),
    ("The doctor was great.", "en"),
    ("La doctora fue muy amable pero la espera fue larga.", "es"),
])
def test_language(text, language):
    assert triage.suggest_language(text) == language


def test_suggest_combines_everything():
    s = triage.suggest("Dr. Alvares misdiagnosed my diabetes. I'm calling a lawyer.", roster=ROSTER)
    assert (s.category, s.severity, s.language) == ("clinical", "egregious", "en")
    assert s.clinician_ids == [1]
    assert s.self_disclosures == ("my diabetes",)
    assert "legal threat" in s.reasons
    assert s.as_dict()["clinicians"] == [1]
