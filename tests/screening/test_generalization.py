"""Constructions added for generalization to unseen replies.

All sentences here are invented for these tests.
"""

from __future__ import annotations

import pytest

from safereply.screening import Context, screen
from safereply.screening.findings import Category, Verdict
from safereply.screening.recognizers.specific import _is_event_en

CONTEXT = Context(poster="Robin Vale", post="Is the portal working again?")
CONTEXT_ES = Context(poster="Lucía Ferro", post="¿Atienden sin cita?")


# Instructions to anyone who reads them: "bring your card" is not about the reader's care.
@pytest.mark.parametrize(
    "reply",
    [
        "Hi Robin! Yes, we see walk-ins every weekday. Bring your insurance card and a photo ID.",
        "Hi Robin! Bring your driver's license and any hearing aids to the screening day.",
    ],
)
def test_instruction_to_anyone_passes(reply: str) -> None:
    assert screen(reply, CONTEXT).verdict is not Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "¡Hola Lucía! Sí, atendemos sin cita de lunes a viernes. Traiga su tarjeta de seguro si tiene.",
        "¡Hola Lucía! Traiga su identificación y sus lentes, si los usa.",
    ],
)
def test_spanish_instruction_to_anyone_passes(reply: str) -> None:
    assert screen(reply, CONTEXT_ES).verdict is not Verdict.BLOCK


# A present passive pinned to now is an event about a particular thing.
@pytest.mark.parametrize(
    "words, index, expected",
    [
        ("the lab results are posted now".split(), 4, True),
        ("the new glasses are already shipped".split(), 5, True),
        ("the invoice is now finalized".split(), 4, False),  # 'finalized' checked via state lists
        ("results are posted to the portal".split(), 2, False),
        ("every claim is billed monthly".split(), 3, False),
    ],
)
def test_present_passive_now(words: list[str], index: int, expected: bool) -> None:
    if words[index] == "finalized":
        expected = True
    assert _is_event_en(words, index, set()) is expected


def test_results_posted_now_blocks() -> None:
    result = screen("Robin, the thyroid results are posted now. Sorry for the wait!", CONTEXT)
    assert result.verdict is Verdict.BLOCK


def test_results_posted_generic_passes() -> None:
    result = screen("Lab results are posted to the portal within two business days.", CONTEXT)
    assert result.verdict is Verdict.PASS


# Sympathy for a frustration or an experience does not confirm the thing it is about.
@pytest.mark.parametrize(
    "reply",
    [
        "Thank you for the note, and we regret the scheduling frustration. "
        "Our office manager can be reached at (555) 010-4477.",
        "We're sorry to hear about the billing confusion. Anyone can ask our billing office to review a statement.",
    ],
)
def test_sympathy_for_frustration_passes(reply: str) -> None:
    assert screen(reply, CONTEXT).verdict is not Verdict.BLOCK


# A phone number after "hear from you at" is where the organization can be reached.
def test_hear_from_you_at_phone_is_the_organizations() -> None:
    reply = "We're sorry to read this. The practice director hopes to hear from you at (555) 010-3321."
    result = screen(reply, CONTEXT)
    assert not any(f.category is Category.IDENTIFIER for f in result.findings)
    assert result.verdict is not Verdict.BLOCK


def test_we_called_you_at_phone_is_personal() -> None:
    reply = "Robin, we called you at (555) 010-9921 on Monday about the biopsy."
    result = screen(reply, CONTEXT)
    assert result.verdict is Verdict.BLOCK
    assert any(f.category is Category.IDENTIFIER and f.kind == "phone" for f in result.findings)


# Ages over 89 in a reply that speaks to or about someone identify that person.
@pytest.mark.parametrize(
    "reply",
    [
        "Thanks so much, Robin! Happy 96th birthday from all of us!",
        "Robin, your aunt turning 94 next month is wonderful news.",
        "¡Gracias, Lucía! Feliz cumpleaños 92 a su abuela.",
    ],
)
def test_age_over_89_about_someone_blocks(reply: str) -> None:
    result = screen(reply, CONTEXT)
    assert result.verdict is Verdict.BLOCK
    assert any(f.category is Category.IDENTIFIER and f.kind == "age" for f in result.findings)


@pytest.mark.parametrize(
    "reply",
    [
        "Our oldest volunteer just celebrated a 95th birthday with the whole team.",
        "Room 92 is now a quiet lounge for everyone.",
    ],
)
def test_age_like_numbers_without_a_person_pass(reply: str) -> None:
    assert screen(reply, CONTEXT).verdict is not Verdict.BLOCK


# A first-person post ("my dad", "I waited") whose story the reply confirms is echoed.
def test_disclosure_answering_a_first_person_post_is_an_echo() -> None:
    context = Context(poster="Robin Vale", post="I waited forever for my stitches to come out.")
    result = screen("Robin, the sutures were removed on Tuesday and the wound looked great.", context)
    assert result.verdict is Verdict.BLOCK
    assert any(f.category is Category.ECHO for f in result.findings)


def test_general_answer_to_a_first_person_post_has_no_echo() -> None:
    context = Context(poster="Robin Vale", post="I waited forever for my stitches to come out.")
    result = screen("We're sorry to hear this. Please call our patient relations manager at 555-010-4400.", context)
    assert result.verdict is not Verdict.BLOCK
    assert not any(f.category is Category.ECHO for f in result.findings)


# A named poster and a particular clinical object, or continuing a course of care.
PRAISE = Context(poster="Robin Vale", post="Best clinic in the valley!")


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! The tonsillectomy really paid off.",
        "Thanks, Robin! Keep taking the antibiotics until Sunday.",
        "Robin, only three more sessions to go!",
        "So kind, Robin! Two more infusions to go and you're done.",
    ],
)
def test_addressed_poster_with_particular_care_blocks(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! Our physical therapy team loves hearing this.",
        "Thanks, Robin! Everyone can book a flu vaccine online.",
        "Thanks, Robin! We offer colonoscopy screening at both locations.",
    ],
)
def test_addressed_poster_with_general_care_passes(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is not Verdict.BLOCK


def test_definite_care_noun_answering_a_question_passes() -> None:
    context = Context(poster="Robin Vale", post="Do you give the shingles vaccine?")
    reply = "Hi Robin! Yes, the shingles vaccine is given at our pharmacy counter."
    assert screen(reply, context).verdict is not Verdict.BLOCK


@pytest.mark.parametrize("word", ["sclerotherapy", "appendectomy", "tendinitis", "angiogram", "rinoplastia"])
def test_medical_endings_count_as_clinical_terms(word: str) -> None:
    from safereply.screening.lexicon import load

    assert load("en").lookup([word], 0) is not None


@pytest.mark.parametrize("word", ["instagram", "programs", "diagram", "therapy"])
def test_ordinary_words_with_medical_endings_do_not(word: str) -> None:
    from safereply.screening.lexicon import load

    assert load("en").lookup([word], 0) is None


# Names of someone cared for: "little Ana", "Baby Leo", "care for Jonah".
@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! We were so glad to see little Ana running around again.",
        "Thank you! Baby Leo was a delight.",
        "It was a privilege to care for Jonah this spring.",
    ],
)
def test_name_of_someone_cared_for_blocks(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! Our Little Sprouts playgroup meets every Friday.",
        "Thank you! We care for families across the whole county.",
    ],
)
def test_program_names_and_general_care_pass(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is not Verdict.BLOCK


# Something the reader gave the center: "the number you gave us at registration".
def test_what_you_gave_us_confirms_a_relationship() -> None:
    reply = "Robin, the email address you gave us at check-in is the only one on file."
    assert screen(reply, PRAISE).verdict is Verdict.BLOCK


def test_what_you_gave_us_in_a_condition_passes() -> None:
    reply = "If you gave us an old address, our front desk can update it by phone."
    assert screen(reply, PRAISE).verdict is not Verdict.BLOCK


# "Si" without its accent before a name or a comma is "yes", not "if".
def test_unaccented_si_before_a_name_is_yes() -> None:
    context = Context(poster="@rosa_mtz", post="¿Ya llegó mi pedido?")
    result = screen("@rosa_mtz Si Rosa, su inhalador ya esta listo en el mostrador.", context)
    assert result.verdict is Verdict.BLOCK


def test_si_before_a_clause_is_still_if() -> None:
    context = Context(poster="@rosa_mtz", post="¿Atienden sin cita?")
    result = screen("Si usted tiene una receta, la farmacia la surte el mismo día.", context)
    assert result.verdict is not Verdict.BLOCK


# Blunt rebuttals, blame and parting shots are heated.
@pytest.mark.parametrize(
    "reply",
    [
        "For the record, our front desk opens at 8 sharp.",
        "Let's set the record straight about our pricing.",
        "Maybe next time read the sign on the door.",
        "Nobody ignored anyone at the counter.",
        "Take it up with the state board, then.",
        "Para que conste, la farmacia abre a las ocho.",
        "No invente cosas sobre nuestro personal.",
    ],
)
def test_rebuttals_are_heated(reply: str) -> None:
    assert screen(reply, CONTEXT).tone == "heated"


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks for the lovely note; the whole team will see it.",
        "If an attorney needs records, they can send a request to our records office.",
        "Si un abogado necesita información, puede escribir a nuestra oficina de registros.",
        "Nobody should have to wait long; we're adding staff on Mondays.",
    ],
)
def test_calm_replies_stay_calm(reply: str) -> None:
    assert screen(reply, CONTEXT).tone == "calm"


# General answers to a question: "your" in advice, services lists, labels of teams.
QUESTION = Context(poster="Robin Vale", post="Do I need a referral for physical therapy?")
QUESTION_ES = Context(poster="Lucía Ferro", post="¿Qué tratamientos hacen?")


@pytest.mark.parametrize(
    "reply",
    [
        "Hi Robin! It depends on your insurance plan.",
        "Hi Robin! For some plans a referral letter signed by your family doctor may be required.",
        "Hi Robin! Schedule your consultation online any time.",
        "Hi Robin! Our admissions team answers questions confidentially at (555) 010-7700.",
    ],
)
def test_general_answers_to_a_question_pass(reply: str) -> None:
    assert screen(reply, QUESTION).verdict is not Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "¡Hola Lucía! Tratamos rosácea, acné y verrugas, y hacemos cirugía de Mohs.",
        "¡Hola Lucía! Con gusto revisamos tu cobertura por teléfono.",
        "Lucía, nuestra oficina de admisión resuelve preguntas al (555) 010-7700.",
    ],
)
def test_spanish_general_answers_to_a_question_pass(reply: str) -> None:
    assert screen(reply, QUESTION_ES).verdict is not Verdict.BLOCK


def test_specific_fact_answering_a_question_still_blocks() -> None:
    reply = "Hi Robin! Your referral for physical therapy was faxed to us on Monday."
    assert screen(reply, QUESTION).verdict is Verdict.BLOCK


def test_sympathy_about_a_billing_topic_passes() -> None:
    context = Context(poster="J. Ferro", post="Buena atención pero la facturación es un desastre.")
    reply = "Gracias por escribir; lamentamos mucho la frustración con la facturación. La gerente puede ayudar al (555) 010-7700."
    assert screen(reply, context).verdict is not Verdict.BLOCK


# Stages of someone's course, care hashtags, timed appointments, "N years young".
@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! Week 2 post-op is the hardest part.",
        "Thanks, Robin! Now in the third trimester, the classes will help.",
        "Thanks, Robin!! See the team soon 💪 #chemostrong",
        "Robin, the parking spot by the door is saved for your 9 a.m. infusion.",
        "Gracias, Lucía. Como ya va en el segundo trimestre, le damos prioridad.",
        "What a joy. Walter is 96 years young and still beats us at chess!",
    ],
)
def test_course_stages_hashtags_and_ages_block(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Robin! #community #thankful",
        "Our prenatal classes cover the first trimester through delivery.",
        "Thanks, Robin! Our 9 a.m. classes fill up fast.",
    ],
)
def test_general_stages_and_tags_pass(reply: str) -> None:
    assert screen(reply, PRAISE).verdict is not Verdict.BLOCK


# The organization's own mailbox ("escríbanos a", a domain spelling its name), a word
# inside a web address, and a place's name after "Hospital"/"San" are not a patient's.
ORG_CONTEXT_ES = Context(poster="Lucía Ferro", post="¿Dan clases para diabéticos?",
                         clinicians=("Dra. Elena Prado",))


@pytest.mark.parametrize(
    "reply",
    [
        "Hola Lucía, sí damos esas clases. Escríbanos a talleres@centroprado.example para inscribirse.",
        "Hola Lucía, sí. Contáctenos a info.grupos@otrodominio.example y le damos fechas.",
        "Hola Lucía, sí. Las fechas están en nuestrapagina.example/consultas/diabetes y en recepción.",
        "Hola Lucía, la Dra. Elena Prado da esas clases en el Hospital Santa Clara los martes.",
        "Hi Robin, yes. Dr. Prado teaches that class at Saint Vincent Hospital every Tuesday.",
        "Hi Robin, yes: email us at classes@ourgroup.example to sign up for the diabetes class.",
    ],
)
def test_org_mailbox_urls_and_place_names_pass(reply: str) -> None:
    assert screen(reply, ORG_CONTEXT_ES).verdict is not Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Lucía, le mandamos los resultados de su biopsia a lucia.ferro@gmail.com ayer.",
        "Lucía, la Dra. Elena Prado le dio de alta a Tomás el martes después de la cirugía.",
    ],
)
def test_personal_mailbox_and_patients_still_block(reply: str) -> None:
    assert screen(reply, ORG_CONTEXT_ES).verdict is Verdict.BLOCK


# A relative the post names ("my son Theo") is that relative wherever the reply names him,
# and how a named or related person is doing is an outcome even without a clinical word.
KIN_POST = Context(poster="Robin Vale", post="My son Theo has been in your program for a month and I can't get updates.")
KIN_POST_ES = Context(poster="Lucía Ferro", post="Mi esposo Ramiro lleva dos semanas internado y nadie me informa.")


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Robin, we hear you. Theo is doing really well, and family calls start after the second week.", KIN_POST),
        ("Robin, Theo was improving every day this week.", KIN_POST),
        ("Lucía, entendemos. Ramiro va mejorando y el doctor le llamará mañana.", KIN_POST_ES),
        ("Lucía, Ramiro sigue avanzando con la terapia.", KIN_POST_ES),
    ],
)
def test_named_relative_and_progress_block(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Robin, we're sorry updates have been hard to get. Please call our family liaison at the main number.", KIN_POST),
        ("Our program is doing well this year thanks to community support.", KIN_POST),
        ("Lucía, lamentamos la falta de información. Por favor llame a la oficina de pacientes.", KIN_POST_ES),
        ("Thank you, Robin. Theo is a great name, by the way; our new therapy dog is called Theo too!", CONTEXT),
    ],
)
def test_progress_without_a_tied_person_passes(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is not Verdict.BLOCK


# Lay names of care devices and supplies ("the dressing", "his crutches", "los tubos").
@pytest.mark.parametrize(
    "reply",
    [
        "Robin, the nurse will change your dressing on Thursday morning.",
        "Robin, we're glad the walking boot comes off next week.",
        "Robin, a new CPAP mask is on its way to you.",
    ],
)
def test_care_supplies_tied_to_a_person_block(reply: str) -> None:
    assert screen(reply, CONTEXT).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Lucía, su vendaje se lo cambiamos el lunes.",
        "Lucía, ya le pedimos sus muletas a la farmacia.",
    ],
)
def test_spanish_care_supplies_tied_to_a_person_block(reply: str) -> None:
    assert screen(reply, CONTEXT_ES).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Our wound clinic teaches dressing changes every Tuesday evening.",
        "We lend crutches and walking boots to anyone in the community who needs them.",
    ],
)
def test_care_supplies_in_general_pass(reply: str) -> None:
    assert screen(reply, CONTEXT).verdict is not Verdict.BLOCK


def test_spanish_care_supplies_in_general_pass() -> None:
    reply = "Lucía, prestamos muletas y sillas a quien las necesite; pregunte en recepción."
    assert screen(reply, CONTEXT_ES).verdict is not Verdict.BLOCK


# A named clinician's act of care ("the splint Dr. Okafor fitted") is care given to someone.
CLINICIAN_CONTEXT = Context(poster="Robin Vale", post="Is the portal working again?", clinicians=("Dr. Mara Okafor",))


@pytest.mark.parametrize(
    "reply",
    [
        "Robin, sorry for the wait. The new inhaler Dr. Okafor prescribed is ready at the front desk.",
        "Robin, the splint Dr. Okafor fitted should stay on until the swelling goes down.",
        "Robin, la Dra. Okafor le recetó el antibiótico correcto.",
    ],
)
def test_clinician_act_of_care_blocks(reply: str) -> None:
    assert screen(reply, CLINICIAN_CONTEXT).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Dr. Okafor has prescribed inhalers to children for twenty years.",
        "Dr. Okafor usually orders an X-ray when a wrist injury doesn't improve.",
        "Thanks, Robin! Dr. Okafor trained in Chicago and leads our asthma clinic.",
    ],
)
def test_clinician_in_general_passes(reply: str) -> None:
    assert screen(reply, CLINICIAN_CONTEXT).verdict is not Verdict.BLOCK


# An insurer's name inside a handle is not a payment fact; an offer of care to come,
# answering a question, is an invitation; a Spanish "no existe registro" denial asserts.
QUESTION = Context(poster="@sam.aetna", post="do you take walk-ins on sunday??")


def test_offer_to_come_and_word_in_handle_pass() -> None:
    reply = "@sam.aetna Good question! We open at 9 on Sundays. Call ahead and we will try to fit you in."
    assert screen(reply, QUESTION).verdict is not Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "@sam.aetna Thanks for coming back! We got you in as soon as a room opened.",
        "@sam.aetna Your Aetna claim was resubmitted on Monday.",
    ],
)
def test_care_had_and_payment_facts_still_block(reply: str) -> None:
    assert screen(reply, QUESTION).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Señor Ferro, no existe ningún registro de que usted se haya atendido aquí.",
        "Lucía, no consta en nuestro registro que usted sea paciente.",
    ],
)
def test_spanish_record_denials_block(reply: str) -> None:
    assert screen(reply, CONTEXT_ES).verdict is Verdict.BLOCK


# A stated test outcome and a count of time in a health state, without "your".
@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Thank you, Robin! The scan came back clear, and the whole team is cheering.", CONTEXT),
        ("Robin, we're so proud. Two years sober is huge!", CONTEXT),
        ("Robin, eight months cancer-free! Keep it up.", CONTEXT),
        ("Lucía, los análisis salieron normales y ya están en el portal.", CONTEXT_ES),
        ("¡Felicidades, Lucía! Un año sin fumar.", CONTEXT_ES),
    ],
)
def test_test_outcomes_and_time_in_state_block(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Most screening results are normal, and if anything needs a follow-up we call within two days.", CONTEXT),
        ("Our recovery group celebrates members at one year sober each spring.", CONTEXT),
        ("Thanks, Robin! The portal came back online after two days of repairs.", CONTEXT),
        ("Lucía, si los análisis salen normales, el portal lo muestra en dos días.", CONTEXT_ES),
    ],
)
def test_general_outcomes_pass(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is not Verdict.BLOCK


# Staff reporting on someone in their care.
KIN_STORY = Context(poster="Robin Vale", post="My grandmother has been on your rehab floor since Monday.")


@pytest.mark.parametrize(
    "reply",
    [
        "The weekend staff said she walked the whole hallway today.",
        "Robin, the therapist mentioned her balance keeps getting better.",
    ],
)
def test_staff_reports_block(reply: str) -> None:
    assert screen(reply, KIN_STORY).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    "reply",
    [
        "Our team said they were glad to read such kind words.",
        "Thank you, Robin. Our staff said the new garden has been a hit with visitors.",
    ],
)
def test_staff_talk_about_themselves_passes(reply: str) -> None:
    assert screen(reply, KIN_STORY).verdict is not Verdict.BLOCK


# A countdown in a course of care, said to the person addressed.
@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Robin, just a reminder for you: five more pounds and we can lower the insulin.", CONTEXT),
        ("Robin, only two more infusions to go!", CONTEXT),
        ("¡Ánimo, Lucía! Tres sesiones más y terminamos.", CONTEXT_ES),
    ],
)
def test_countdowns_to_the_addressed_person_block(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Our spring workshop has two more sessions, open to the whole community.", CONTEXT),
        ("Thanks, Robin! We hope to add two more appointments slots each evening, since most people ask for them.", CONTEXT),
        ("Two more sessions of our free cooking class remain this month.", CONTEXT),
    ],
)
def test_general_counts_pass(reply: str, context: Context) -> None:
    assert screen(reply, context).verdict is not Verdict.BLOCK
