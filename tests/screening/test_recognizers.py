"""One table per recognizer family: as many negatives as positives, all invented here."""

from __future__ import annotations

import pytest

from safereply.screening import Category, Context, Organization, screen

ORG = Organization(
    name="Maplewood Family Clinic",
    phones=("(555) 010-2000",),
    emails=("hello@maplewood.example",),
    addresses=("12 Birch Lane, Suite 5",),
    urls=("maplewood.example",),
)


def ctx(post: str = "", poster: str = "Jordan Ellery", clinicians: tuple[str, ...] = ("Dr. Nadia Pell",)) -> Context:
    return Context(post=post, poster=poster, organization=ORG, clinicians=clinicians)


def categories(reply: str, context: Context | None = None) -> frozenset[str]:
    return screen(reply, context or ctx()).categories


RELATIONSHIP = [
    ("Glad your checkup went smoothly yesterday.", True),
    ("We saw you last month and everything was fine.", True),
    ("Our records show three missed appointments.", True),
    ("You were never a patient at this clinic.", True),
    ("It was lovely caring for your father.", True),
    ("Fue un gusto atenderle la semana pasada.", True),
    ("We welcome new families every weekday.", False),
    ("If you are a patient of ours, call us any time.", False),
    ("Dr. Pell leads our adolescent health program.", False),
    ("Thank you for the thoughtful review, Jordan.", False),
    ("We never discuss any patient in public.", False),
    ("Si usted es paciente, puede llamar a la clínica.", False),
]


@pytest.mark.parametrize("reply, flagged", RELATIONSHIP)
def test_relationship_table(reply: str, flagged: bool) -> None:
    assert ("relationship" in categories(reply)) is flagged


CLINICAL = [
    ("Hope your sprained ankle is healing well.", True),
    ("Your biopsy came back benign.", True),
    ("We hope you're feeling better after the fever.", True),
    ("Your insulin dose was adjusted on Monday.", True),
    ("Su tratamiento de ortodoncia va muy bien.", True),
    ("Dr. Pell says the stitches can come out soon, Jordan.", True),
    ("We offer root canal therapy and same-day crowns.", False),
    ("Anyone with chest pain should call 911 right away.", False),
    ("Our clinic gives flu vaccines to adults and children.", False),
    ("Dr. Pell specializes in diabetes and thyroid care.", False),
    ("Ofrecemos limpiezas dentales los sábados.", False),
    ("If a rash spreads quickly, please be seen promptly.", False),
]


@pytest.mark.parametrize("reply, flagged", CLINICAL)
def test_clinical_table(reply: str, flagged: bool) -> None:
    assert ("clinical" in categories(reply)) is flagged


PAYMENT = [
    ("Your claim was denied by the insurer.", True),
    ("Your balance of $45 is past due.", True),
    ("We refunded your copay to the card on file.", True),
    ("Su saldo de $80 ya fue pagado.", True),
    ("Your account went to collections in May.", True),
    ("Your deductible applied to the visit.", True),
    ("We accept most insurance plans.", False),
    ("Our self-pay price for a sick visit is $95.", False),
    ("Payment plans are available for anyone who asks.", False),
    ("Billing questions can go to our front desk.", False),
    ("Aceptamos la mayoría de los seguros.", False),
    ("Estimates are posted on our website.", False),
]


@pytest.mark.parametrize("reply, flagged", PAYMENT)
def test_payment_table(reply: str, flagged: bool) -> None:
    assert ("payment" in categories(reply)) is flagged


IDENTIFIERS = [
    ("Your lab order is under account #QX-77120.", "record_number"),
    ("We called you at (555) 303-8841 about your results.", "phone"),
    ("We emailed your results to jordan.ellery@inbox.example.", "email"),
    ("Your statement went to 418 Walnut Street, Apt 2.", "address"),
    ("Jordan, your knee scan is ready.", "name"),
    ("Your filling on March 4th went well.", "date"),
    ("Call us at (555) 010-2000 for appointments.", None),
    ("Write to hello@maplewood.example with any question.", None),
    ("We are at 12 Birch Lane, Suite 5.", None),
    ("Visit maplewood.example/hours for opening times.", None),
    ("Thank you, Jordan!", None),
    ("We are open every Tuesday until 7 p.m.", None),
]


@pytest.mark.parametrize("reply, kind", IDENTIFIERS)
def test_identifier_table(reply: str, kind: str | None) -> None:
    kinds = {f.kind for f in screen(reply, ctx()).findings if f.category is Category.IDENTIFIER}
    if kind is None:
        assert not kinds
    else:
        assert kind in kinds


def test_age_over_89_in_a_disclosing_reply() -> None:
    result = screen("Your grandmother did great at her 93rd birthday checkup.", ctx())
    assert result.verdict.value == "block"


ECHO = [
    ("My crown fell out a week after it was placed.", "Your crown was placed on the 3rd and we can recement it.", True),
    ("Still waiting on my allergy test results.", "Your allergy test results were released this morning.", True),
    ("The bill for my x-ray makes no sense.", "Your x-ray was billed to your plan on the 2nd.", True),
    ("My crown fell out a week after it was placed.", "We're sorry to hear this. Please call our office manager.", False),
    ("Still waiting on my allergy test results.", "Results usually post within three days for anyone.", False),
    ("The bill for my x-ray makes no sense.", "Our billing team can review any statement privately.", False),
]


@pytest.mark.parametrize("post, reply, flagged", ECHO)
def test_echo_table(post: str, reply: str, flagged: bool) -> None:
    assert ("echo" in categories(reply, ctx(post=post))) is flagged


TONE = [
    ("Calling our nurses lazy is an insult to people who work twelve-hour shifts.", "heated"),
    ("Maybe read the policy before posting, as you well know it's online.", "heated"),
    ('"Scam"? Our prices are published. Check the facts before accusing people.', "heated"),
    ("Decir que somos ladrones no es justo ni cierto.", "heated"),
    ("Thank you for the feedback; we're sorry the wait was long.", "calm"),
    ("We appreciate you sharing this and will pass it to the team.", "calm"),
    ("Our prices are published at maplewood.example/prices.", "calm"),
    ("Gracias por su comentario; lo compartiremos con el equipo.", "calm"),
]


@pytest.mark.parametrize("reply, tone", TONE)
def test_tone_table(reply: str, tone: str) -> None:
    assert screen(reply, ctx()).tone == tone
