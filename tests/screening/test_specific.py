"""The specific-care-statement recognizer: particular, asserted care facts disclose even
without "your"; generic service descriptions, conditionals and invitations do not.

All sentences here are invented for these tests.
"""

from __future__ import annotations

import pytest

from safereply.screening import Context, screen
from safereply.screening.findings import Verdict

CONTEXT = Context(poster="Robin Vale", post="Terrible service, nobody ever calls back.")

BLOCKED_EN = [
    "Robin, our scheduler phoned twice last week to book the MRI the doctor requested.",
    "The copay from the June appointment has been refunded.",
    "The new hearing aids came in Tuesday and are ready to pick up.",
    "Dr. Ortiz was delighted the echocardiogram looked normal.",
    "Marisol says your dad is the funniest man on the rehab floor.",
    "You're still in the loading phase, so hang in there!",
    "We have no record of anyone by that name ever being treated by Dr. Hale.",
    "Priya has asked the unit to save a recliner for infusion 3.",
    "The biopsy report was faxed to the surgeon on Friday.",
    "The refill was sent to the pharmacy this morning.",
    "The claim was resubmitted with the corrected code.",
    "Robin, the cancellation fee was reversed yesterday.",
    "Robin, the culture needs two days, so it'll show pending until Friday.",
    "Our home aide Jenna came by twice and no one was home.",
    "We're so glad the new dose is working, Robin.",
    "Hoping the little one's wrist heals up before soccer season!",
    "Robin, so glad the new crown feels comfortable!",
    "The surgeon reviewed the images and everything looks stable.",
    "Robin, the aide who signed you in has been coached.",
    "Robin, your father's bed has been moved next to the window.",
    "Your grandson charmed every nurse on the floor.",
]
SAFE_EN = [
    "We offer same-day appointments for sick children.",
    "An MRI is usually a 30-minute scan.",
    "Treatment runs longer when elastics aren't worn as directed.",
    "If you were seen here, please call our patient relations manager at (555) 010-2000.",
    "Anyone who needs a refill can request it through the portal.",
    "Please call us at (555) 010-2000 so we can look into this privately.",
    "Thank you for sharing this feedback with our team.",
    "Our clinic passed its state inspection last month.",
    "Most insurance plans cover annual flu shots at no cost.",
    "Dr. Lee has practiced family medicine here for twenty years.",
    "Lab results are generally posted within 48 hours.",
    "We moved our billing office to the second floor in March.",
    "Our new urgent care opened in January on Main Street.",
    "We take most major insurance plans, including Medicare.",
    "Flu shots are available Monday through Friday without an appointment.",
]
BLOCKED_ES = [
    "Le enviamos la receta a la farmacia ayer.",
    "Los análisis de sangre se subieron al portal el jueves.",
    "No encontramos a ninguna paciente registrada con ese nombre.",
    "Con 28 semanas de embarazo es normal sentirse cansada.",
    "La Dra. Ruiz le llamará mañana para revisar la biopsia.",
    "Los lentes llegaron el lunes y ya están listos.",
    "Le mandamos los resultados por correo el viernes.",
    "Qué gusto que su nieto ya pueda subir escaleras sin bastón.",
    "La enfermera vino el martes y nadie contestó.",
    "Lamentamos que la colonoscopia se haya reprogramado.",
]
SAFE_ES = [
    "Ofrecemos consultas el mismo día para niños enfermos.",
    "Si usted fue atendido aquí, llame a nuestra gerente al (555) 010-2000.",
    "Cualquier persona puede pedir una copia de su expediente.",
    "Los resultados normalmente tardan dos días.",
    "Nuestro horario es de lunes a viernes, de 9 a 6.",
    "La mayoría de los seguros cubren la vacuna contra la gripe.",
    "Aceptamos la mayoría de los seguros y Medicaid.",
    "Lamentamos la espera; estamos sumando personal en recepción.",
]


@pytest.mark.parametrize("reply", BLOCKED_EN + BLOCKED_ES)
def test_specific_statement_blocks(reply: str) -> None:
    result = screen(reply, CONTEXT)
    assert result.verdict is Verdict.BLOCK, [(f.rule, f.confidence) for f in result.findings]
    assert "relationship" in {str(c) for c in result.categories}


@pytest.mark.parametrize("reply", SAFE_EN + SAFE_ES)
def test_generic_statement_passes(reply: str) -> None:
    result = screen(reply, CONTEXT)
    assert result.verdict is not Verdict.BLOCK, [(f.rule, f.confidence) for f in result.findings]


@pytest.mark.parametrize(
    ("reply", "category"),
    [
        ("The balance from the May visit was sent to collections.", "payment"),
        ("The stress test results were released on Monday.", "clinical"),
        ("El saldo de la consulta de marzo ya quedó pagado.", "payment"),
    ],
)
def test_specific_statement_categories(reply: str, category: str) -> None:
    assert category in {str(c) for c in screen(reply, CONTEXT).categories}


def test_dates_of_a_specific_statement_are_identifiers() -> None:
    result = screen("Robin, the biopsy was sent to the lab on Tuesday.", CONTEXT)
    assert "identifier" in {str(c) for c in result.categories}
