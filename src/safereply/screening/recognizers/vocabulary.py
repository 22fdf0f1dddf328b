"""Context words shared by several recognizers: the anchors of each family.

These are not the big term lists (those live in ``lexicons/``); they are the few dozen
words that make a sentence about care, clinical facts or money at all, in both languages.
All entries are folded (lowercase, no accents) because they are compared to folded tokens.
"""

from __future__ import annotations

# Nouns that, owned by the reader ("your visit"), say they received care here.
CARE_NOUNS = frozenset(
    """visit visits appointment appointments appt appts exam exams checkup check-up
    check-ups checkups session sessions consult consultation consults follow-up followup
    procedure procedures surgery surgeries operation treatment treatments care stay
    admission discharge referral referrals prescription prescriptions refill refills
    order orders chart record records file results result labs lab bloodwork test tests
    doctor dentist therapist provider nurse physician surgeon pediatrician hygienist
    orthodontist dermatologist pharmacist counselor psychiatrist midwife audiologist
    optometrist recovery diagnosis medication medications meds medicine cleaning scan
    scans x-ray x-rays xray mri ultrasound injection shot shots vaccine vaccines
    stitches intake packet slot forms paperwork progress plan transfer cycle pickup
    delivery labor recheck post-op physical screening implant implants crown filling
    fillings braces retainer aids glasses lenses contacts
    cita citas visita visitas consulta consultas sesion sesiones turno expediente receta
    recetas tratamiento cirugia resultados resultado estudio estudios analisis examen
    chequeo revision dentista doctor doctora medico terapeuta psiquiatra embarazo parto
    referencia graduacion lentes vacunas vacuna limpieza terapia medicamento
    medicamentos insulina dosis cartilla evaluacion""".split()
)

# Clinical anchors that are clinical wherever they are tied to a person.
CLINICAL_WORDS = frozenset(
    """surgery surgeries procedure biopsy biopsies diagnosis diagnosed
    prescription prescribed medication medications medicine meds dose dosage refill
    antibiotic antibiotics test tests tested results result labs bloodwork scan x-ray
    x-rays xray mri ct ultrasound ekg ecg exam injection shot vaccine vaccines vaccinated
    stitches sutures pregnancy pregnant labor delivery recovery healing healed heal heals
    therapy treatment infection fever pain rash fracture condition symptoms implant
    implants crown crowns filling fillings cavity cavities braces retainer cleaning
    extraction physical checkup follow-up post-op pathology transfer embryo cycle cast
    splint inhaler cream drops dose surgeon scar swelling sore flare labs level levels
    panel screening scope repair replacement injury sprain concussion allergy allergies
    asthma diabetes depression anxiety cancer tumor mole lesion spot stent pacemaker
    physical therapy rehab counseling session sessions glasses lenses contacts prescription
    cirugia operacion biopsia diagnostico receta medicamento medicina dosis antibiotico
    prueba pruebas resultados analisis estudio estudios radiografia radiografias
    ultrasonido ecografia tomografia resonancia vacuna vacunas embarazo embarazada parto
    cesarea terapia tratamiento infeccion fiebre dolor presion insulina dialisis
    hemodialisis limpieza corona carillas muelas graduacion laser trasplante quemadura
    miopia astigmatismo gripa gripe alergia alergias asma diabetes depresion ansiedad
    cancer tumor lunar lentes monitoreo ritmo potasio azucar metformina""".split()
)

# Suffixes of medical words; checked only on tokens of 7 letters or more.
CLINICAL_SUFFIXES = (
    "itis", "ectomy", "otomy", "ostomy", "plasty", "scopy", "emia", "algia", "pathy",
    "osis", "cillin", "mycin", "cycline", "statin", "azole", "sartan", "dipine",
    "formin", "oxetine", "triptan", "zepam", "olol", "pril", "ectomia", "plastia",
    "scopia", "grafia",
)
CLINICAL_SUFFIX_EXCEPTIONS = frozenset("""diplomas""".split())

PAYMENT_WORDS = frozenset(
    """claim claims bill bills billed billing balance balances statement statements copay
    copays co-pay deductible insurance insurer insurers coverage covered cover covers
    collections collection account charge charges charged fee fees refund refunded
    payment payments paid pay owe owed owes overdue past-due invoice premium
    authorization denial denied appeal appealed reimbursement self-pay estimate quoted
    medicare medicaid aetna cigna humana unitedhealthcare tricare copayment out-of-pocket
    installment financing hardship discount waived write-off plan
    copago copagos saldo cuenta cobro cobros cargo cargos seguro deducible cobranza factura
    pago pagos reembolso cobertura cubre cubrio cubrieron pagar cobrar cobramos
    cobrarle descuento""".split()
)

# Words of a wish or congratulation addressed to the reader: a clinical word in such a
# sentence is about them even without "you".
WISH_OPENERS = (
    "hope", "hoping", "glad", "so glad", "congrat", "feel better", "get well",
    "wishing", "speedy", "esperamos que", "ojala", "que bueno que", "nos alegra",
    "felicidades", "que se mejore", "mejorate", "recuperacion", "remember",
    "don't forget", "no se te olvide", "no olvide", "recuerde", "recuerda",
)

# Qualities of a result that assert an outcome.
RESULT_WORDS = frozenset(
    """normal abnormal positive negative benign malignant clear elevated high low fine
    negativo positivo normales benigno""".split()
)

MONTHS = frozenset(
    """january february march april june july august september october november
    december jan feb apr jun jul aug sep sept oct nov dec enero febrero marzo abril
    mayo junio julio agosto septiembre setiembre octubre noviembre diciembre""".split()
)
WEEKDAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles
    jueves viernes sabado domingo""".split()
)


# Nouns that make a care, clinical or billing word before them (or after "de") a mere
# label: "our admissions team", "el equipo de admisión", "la oficina de facturación".
LABEL_HEADS = frozenset(
    """team staff office offices department desk line program programs coordinator
    coordinators manager managers specialist specialists policy policies hours portal
    equipo equipos oficina oficinas departamento area línea linea personal programa
    programas coordinadora coordinador encargada encargado gerente política politica
    horario horarios ventanilla""".split()
)
# Feelings about a topic, not facts about a person: "lamentamos la frustración con los
# cobros", "sorry for the confusion about billing".
TOPIC_FEELINGS = frozenset(
    """frustration frustrations confusion experience trouble hassle inconvenience
    frustración frustracion confusión confusion molestia molestias inconveniente
    inconvenientes experiencia""".split()
)
_TOPIC_LINKS = frozenset("with about over around con por sobre de".split())


_ORG_OWNERS = frozenset("our nuestro nuestra nuestros nuestras".split())


def is_label_or_topic(words: list[str], i: int, size: int, owned: bool = False) -> bool:
    """Whether the term at words[i:i+size] labels a place or team, or names the topic of
    a feeling, rather than stating something about a person. With ``owned``, a label
    before its head noun counts only when the organization owns it ("our admissions
    team"): "the surgery team" may be this person's team."""
    after = i + size
    if after < len(words) and words[after] in LABEL_HEADS:
        if not owned or any(w in _ORG_OWNERS for w in words[max(0, i - 2):i]):
            return True
    if i >= 2 and words[i - 1] in ("de", "del") and words[i - 2] in LABEL_HEADS:
        return True
    for k in range(max(0, i - 3), i):
        if words[k] in TOPIC_FEELINGS and k + 1 < i and words[k + 1] in _TOPIC_LINKS:
            return True
    return False
