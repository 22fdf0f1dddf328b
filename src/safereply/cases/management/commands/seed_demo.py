"""`safereply seed-demo`: a demo organization with people, a roster, a policy in force
(approved by the demo counsel and acknowledged by every demo user) and a dozen complaints.

Idempotent: running it again changes nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from safereply.accounts.models import Clinician, Location, Membership, Organization, Role
from safereply.cases import services
from safereply.cases.links import url_normalize
from safereply.cases.models import Case, Report
from safereply.policy import services as policy_services
from safereply.policy.document import document_default
from safereply.policy.models import PolicyVersion
from safereply.policy.quiz import QUESTIONS

DEMO_PASSWORD = "safereply-demo"
ORGANIZATION = "Riverbend Community Health"
LOCATIONS = [
    ("Riverbend Main Clinic", "100 River Road, Riverbend", "555-0100"),
    ("Eastside Family Health", "42 Orchard Street, Riverbend", "555-0140"),
    ("Northgate Pediatrics", "9 Northgate Avenue, Riverbend", "555-0180"),
]
PEOPLE = [
    ("sam.staff", Role.STAFF),
    ("rita.responder", Role.RESPONDER),
    ("raj.responder", Role.RESPONDER),
    ("maya.risk", Role.RISK_MANAGER),
    ("colin.counsel", Role.COUNSEL),
    ("dr.alvarez", Role.PROVIDER),
    ("ada.admin", Role.ADMINISTRATOR),
]
ROSTER = [
    ("Dr.", "Maria", "Alvarez", 0, "dr.alvarez"),
    ("NP", "James", "Okafor", 0, None),
    ("Dr.", "Grace", "Lee", 1, None),
    ("PA", "Daniel", "Novak", 1, None),
    ("Dr.", "Priya", "Raman", 2, None),
    ("RN", "Tom", "Becker", 2, None),
]
HOLDING = (
    "Thank you for taking the time to share this. We take every concern seriously, and privacy "
    "rules keep us from discussing anyone's care in a public forum. Please contact our patient "
    "relations team at 555-0100 so we can talk privately."
)

# (platform, link, poster, text, location index, days ago, how far along)
COMPLAINTS = [
    ("google", "https://www.google.com/maps/reviews/data=riverbend-1", "Karen M.",
     "Waited almost two hours past my appointment time and nobody at the front desk could tell me why. "
     "This happens every single time.", 0, 0.2, "reported"),
    ("yelp", "https://www.yelp.com/biz/riverbend-community-health?hrid=A1b2C3", "Tony R.",
     "Dr. Alvares misdiagnosed my daughter and brushed us off. This is malpractice and I have already "
     "talked to a lawyer. I'm also calling the news.", 0, 1.5, "reported"),
    ("facebook", "https://www.facebook.com/riverbendhealth/posts/1001", "Lupe G.",
     "Esperé tres horas para mi cita y nadie me explicó nada. Muy mal servicio.", 1, 3, "reported"),
    ("healthgrades", "https://www.healthgrades.com/review/xyz-2002", "M. Chen",
     "They billed my insurance twice for the same visit and the billing office never calls back.", 1, 4, "triaged"),
    ("x", "https://x.com/someone/status/1234567890", "@jdoe_77",
     "The receptionist at Eastside was so rude to my mom. Laughed at her in front of everyone.", 1, 6, "triaged"),
    ("google", "https://www.google.com/maps/reviews/data=northgate-7", "Beth",
     "Parking lot is a mess and the bathroom was dirty. Otherwise the staff were fine.", 2, 9, "watching"),
    ("yelp", "https://www.yelp.com/biz/northgate-pediatrics?hrid=Q9", "Andre W.",
     "My son's prescription was sent to the wrong pharmacy twice. Nobody apologized.", 2, 5, "outreach"),
    ("facebook", "https://www.facebook.com/riverbendhealth/posts/1002", "Nina P.",
     "I have diabetes and was told to come back next month for my insulin refill. Unacceptable wait.", 0, 2, "drafting"),
    ("healthgrades", "https://www.healthgrades.com/review/abc-3003", "R. Singh",
     "NP Okafor was dismissive and didn't listen. I felt rushed out of the exam room.", 0, 7, "awaiting_approval"),
    ("google", "https://www.google.com/maps/reviews/data=eastside-12", "Sofia",
     "Front desk overheard discussing my test results with another patient. That's a privacy violation.", 1, 12, "escalated"),
    ("x", "https://twitter.com/localdad/status/998877", "@localdad",
     "Northgate cancelled my kid's appointment for the third time. Reschedule again? Seriously?", 2, 15, "published"),
    ("yelp", "https://www.yelp.com/biz/riverbend-community-health?hrid=Z7", "Greg T.",
     "Worst experience ever. Dr Raman was incompetent and dangerous. Racist too.", 2, 0.5, "reported"),
]

# Invented people for the demo patient index: any likeness to a real person is chance.
# The seventh field is the last visit, in days before the seed runs.
DEMO_PATIENTS = [
    ("DEMO-0001", "Andre", "Whitfield", "1982-04-11", "555-0201", "andre.w@example.test", 8, "pediatrics",
     "Dr. Priya Raman", "Northgate Pediatrics"),
    ("DEMO-0002", "Andrea", "Walsh", "1990-08-30", "555-0202", "", 179, "", "Dr. Grace Lee",
     "Eastside Family Health"),
    ("DEMO-0003", "Nina", "Petrakis", "1975-02-14", "555-0203", "nina.petrakis@example.test", 4, "",
     "Dr. Maria Alvarez", "Riverbend Main Clinic"),
    ("DEMO-0004", "Nina", "Park", "1988-12-01", "555-0204", "", 439, "", "PA Daniel Novak",
     "Eastside Family Health"),
    ("DEMO-0005", "Ming", "Chen", "1969-05-05", "555-0205", "ming.chen@example.test", 10, "",
     "PA Daniel Novak", "Eastside Family Health"),
    ("DEMO-0006", "Rohan", "Singh", "1993-10-21", "555-0206", "", 11, "", "NP James Okafor",
     "Riverbend Main Clinic"),
    ("DEMO-0007", "Karen", "Mosley", "1971-03-09", "555-0207", "karen.m@example.test", 1, "",
     "Dr. Maria Alvarez", "Riverbend Main Clinic"),
    ("DEMO-0008", "Anthony", "Ruiz", "1980-07-19", "555-0208", "", 3, "pediatrics", "Dr. Maria Alvarez",
     "Riverbend Main Clinic"),
    ("DEMO-0009", "John", "Doe", "1977-01-01", "555-0209", "", 8, "", "", "Eastside Family Health"),
    ("DEMO-0010", "Gregory", "Tran", "1960-06-06", "555-0210", "greg.tran@example.test", 1, "",
     "Dr. Priya Raman", "Northgate Pediatrics"),
]


class Command(BaseCommand):
    help = "Create the demo organization, people, roster and complaints (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            organization, _ = Organization.objects.get_or_create(
                name=ORGANIZATION,
                defaults={
                    "phones": "555-0100\n555-0140\n555-0180",
                    "emails": "patientrelations@riverbend.example",
                    "addresses": "\n".join(a for _, a, _ in LOCATIONS),
                    "urls": "https://riverbend.example",
                    "holding_reply": HOLDING,
                },
            )
            locations = [
                Location.objects.get_or_create(organization=organization, name=name,
                                               defaults={"address": address, "phone": phone})[0]
                for name, address, phone in LOCATIONS
            ]
            users = {username: self._person(organization, username, role) for username, role in PEOPLE}
            for title, first, last, where, username in ROSTER:
                Clinician.objects.get_or_create(
                    organization=organization, first_name=first, last_name=last,
                    defaults={"title": title, "location": locations[where],
                              "user": users.get(username) if username else None},
                )
            self._policy(organization, users)
            created = 0
            for complaint in COMPLAINTS:
                created += self._complaint(organization, locations, users, *complaint)
            self._provider_concern(organization, users)
            self._patients(organization)

        self.stdout.write(self.style.SUCCESS(
            f"{organization.name}: {len(locations)} locations, {len(ROSTER)} clinicians, "
            f"{Case.objects.filter(organization=organization).count()} cases ({created} new)."))
        self.stdout.write("\nDemo sign-ins (password for all: %s)" % DEMO_PASSWORD)
        for username, role in PEOPLE:
            self.stdout.write(f"  {username:16} {role.label}")
        self.stdout.write(f"\nReport link for people without an account: /r/{organization.report_token}/")

    def _patients(self, organization):
        """A small synthetic patient index (invented people) so that matching has something to show.

        Encrypted with the key in SAFEREPLY_PATIENT_KEYS or, in a demo data folder, the key
        generated into data/patient_key. Imported once: a second run leaves it as it is.
        """
        from safereply.patients.models import Patient
        from safereply.patients.services import patients_import

        if Patient.objects.filter(organization=organization).exists():
            return
        rows = ["record_number,first_name,last_name,birth_date,phone,email,last_visit,visit_type,clinician,location"]
        today = timezone.localdate()
        for row in DEMO_PATIENTS:
            visit = (today - dt.timedelta(days=row[6])).isoformat()
            rows.append(",".join([*row[:6], visit, *row[7:]]))
        patients_import(organization=organization, actor=services.SystemActor("seed-demo"),
                        data="\n".join(rows).encode())
        source = ("SAFEREPLY_PATIENT_KEYS" if os.environ.get("SAFEREPLY_PATIENT_KEYS")
                  else f"the key generated into {settings.DATA_DIR / 'patient_key'} (set SAFEREPLY_PATIENT_KEYS "
                       "in production)")
        self.stdout.write(f"Patient index: {len(DEMO_PATIENTS)} invented patients, encrypted with {source}.")

    def _policy(self, organization, users):
        """Version 1, approved by the demo counsel and acknowledged by everyone (once only)."""
        if PolicyVersion.objects.filter(organization=organization).exists():
            return
        admin = users["ada.admin"]
        draft = policy_services.policy_create_draft(organization=organization, actor=admin)
        document = document_default(organization)
        document.update({
            "responders": [users["rita.responder"].pk, users["raj.responder"].pk],
            "risk_manager": users["maya.risk"].pk,
            "counsel": {"name": "Colin Counsel", "contact": "555-0199, counsel@riverbend.example"},
        })
        policy_services.policy_update_draft(version=draft, actor=admin, document=document)
        version = policy_services.policy_approve(
            version=draft, actor=users["colin.counsel"],
            comment="Demo: reviewed with the board; approved as drafted.")
        correct = {n: q.true for n, q in enumerate(QUESTIONS)}
        for user in users.values():
            policy_services.policy_acknowledge(version=version, user=user, answers=correct)

    def _person(self, organization, username, role):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if not Membership.objects.active().filter(user=user, organization=organization, role=role).exists():
            Membership.objects.create(user=user, organization=organization, role=role,
                                      started_at=timezone.now() - dt.timedelta(days=60))
        return user

    def _provider_concern(self, organization, users) -> None:
        """The egregious post naming Dr. Alvarez: a responder confirms the match (once only)."""
        from safereply.providers.models import Mention
        from safereply.providers.services import mention_confirm

        mention = Mention.objects.filter(case__organization=organization, clinician__user=users["dr.alvarez"],
                                         status=Mention.Status.SUGGESTED).first()
        if mention is not None:
            mention_confirm(mention=mention, actor=users["rita.responder"])

    def _complaint(self, organization, locations, users, platform, url, poster, text, where, days_ago, goal) -> int:
        if Case.objects.filter(organization=organization, url=url_normalize(url)).exists():
            return 0
        staff, rita, raj = users["sam.staff"], users["rita.responder"], users["raj.responder"]
        report = services.report_submit(
            organization=organization, reporter=staff, platform=platform, url=url, poster_name=poster,
            post_text=text, location=locations[where], via=Report.Via.ACCOUNT,
            reported_at=timezone.now() - dt.timedelta(days=days_ago),
        )
        case = report.case
        if goal == "reported":
            return 1
        suggested = case.suggested
        clinicians = list(organization.clinicians.filter(pk__in=suggested.get("clinicians", [])))
        services.case_triage(case=case, actor=rita, category=suggested["category"], severity=suggested["severity"],
                             clinicians=clinicians, self_disclosed=suggested.get("self_disclosures", []))
        if goal == "triaged":
            return 1
        decision = {"watching": "watch", "outreach": "private", "escalated": "counsel"}.get(goal, "holding")
        services.case_decide(case=case, actor=rita, decision=decision,
                             reason="Demo: decided at the weekly review with the risk manager.")
        if goal in ("watching", "outreach", "escalated", "drafting"):
            return 1
        services.draft_save(case=case, actor=rita, text=HOLDING)
        services.draft_submit(case=case, actor=rita)
        if goal == "awaiting_approval":
            return 1
        services.draft_approve(case=case, actor=raj)
        services.case_publish(case=case, actor=rita, published_url=url + "#reply")
        return 1
