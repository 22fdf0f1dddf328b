"""How fast and how right is patient matching? Prints figures and PASS/FAIL against the goals.

    .venv/bin/python benchmarks/matching_bench.py [--patients N] [--cases N] [--seed N]

Builds a synthetic patient index (invented names, generated here) in a throwaway SQLite
data folder through the real import (encryption, blind indexes), then matches synthetic
posts whose display name carries the real patient's name in one of the ways people write
it (full, "Nina P.", "N. Petrovic", reversed, nickname, one typo, a handle) and whose text
mentions the clues posters give (the clinician, the location, a date) some of the time.
Goals: under 200 ms per case at 100,000 patients; the right patient first in at least 90% of
the cases whose display name carries the real name (every variant but "Nina P.", which
carries only the given name; its figure is printed apart).
This is not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 200.0
GOAL_TOP1 = 0.90

FIRST = ("Nina Maria Lucia Ana Rosa Elena Sofia Clara Irene Julia Laura Marta Olga Paula Rita Sara Tara Vera Zoe "
         "Alma Bianca Carmen Dalia Edith Flora Greta Hana Ida Jana Kira Lena Mila Nora Opal Pia Rhea Sina Thea Uma "
         "Vida Willa Yara Zara Adele Beatriz Celia Dora Elsa Fern Gilda Hedda Inez Joan Karin Lidia Mona Nell "
         "Omar Pavel Quentin Rafael Samuel Tomas Ugo Victor Walter Xavier Yusuf Zoltan Aaron Bruno Carlos Dmitri "
         "Emil Felix Gustav Hugo Ivan Jonas Karl Leon Marco Nico Oscar Pedro Rolf Stefan Teo Ulf Viktor Wim "
         "Abel Boris Cyril Dario Elias Fabio Gino Henrik Igor Jakub Kasper Lars Milo Nils Otto Piet Ruben Sven "
         "William Robert James Michael Katherine Elizabeth Margaret Jennifer Thomas Joseph Daniel David Matthew "
         "Benjamin Alexander Edward Charles Stephen Rebecca Victoria Patricia Anthony Nicholas Samantha").split()
LAST_ROOTS = ("Petro Ander Bakker Castell Delacroix Eriks Fonten Gallo Horvat Ilves Jansen Kowal Lindqv Moreau "
              "Novak Oliveir Pavlov Quint Rossi Santan Toma Ulric Vasquez Weber Xanth Young Zelen Abbott Brandt "
              "Coleman Dunbar Ellwood Fairfax Garnett Hollis Irving Jessup Kendrick Langley Merritt Norcross "
              "Osgood Pemberton Quarles Radcliffe Sheffield Thornton Upton Vickers Whitlock Yardley").split()
SUFFIXES = ("", "ic", "son", "ek", "ova", "ini", "berg", "ley", "ford", "er")
MIDDLES = ("", "an", "el", "or", "us", "im")  # roots x middles x suffixes: about 3,000 surnames
NICK = {"William": "Bill", "Robert": "Bob", "James": "Jim", "Michael": "Mike", "Katherine": "Kate",
        "Elizabeth": "Liz", "Margaret": "Maggie", "Jennifer": "Jen", "Thomas": "Tom", "Joseph": "Joe",
        "Daniel": "Dan", "David": "Dave", "Matthew": "Matt", "Benjamin": "Ben", "Alexander": "Alex",
        "Edward": "Ed", "Charles": "Charlie", "Stephen": "Steve", "Rebecca": "Becky", "Victoria": "Vicky",
        "Patricia": "Trish", "Anthony": "Tony", "Nicholas": "Nick", "Samantha": "Sam"}
CLINICIANS = [("Dr.", "Maria", "Alvarez"), ("NP", "James", "Okafor"), ("Dr.", "Grace", "Lee"), ("PA", "Daniel", "Novak"),
              ("Dr.", "Priya", "Raman"), ("RN", "Tom", "Becker"), ("Dr.", "Hugo", "Brandt"), ("Dr.", "Ines", "Moreau"),
              ("NP", "Lars", "Vickers"), ("Dr.", "Amara", "Osei"), ("PA", "Kenji", "Sato"), ("Dr.", "Ruth", "Adler")]
LOCATIONS = ["Main Clinic", "Eastside", "Northgate", "Harbor", "Hillcrest"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _variant(rng: random.Random, first: str, last: str) -> tuple[str, str]:
    kind = rng.choice(["full", "first_initial", "initial_last", "reversed", "nickname", "typo", "handle"])
    if kind == "nickname" and first not in NICK:
        kind = "full"
    if kind == "full":
        return kind, f"{first} {last}"
    if kind == "first_initial":
        return kind, f"{first} {last[0]}."
    if kind == "initial_last":
        return kind, f"{first[0]}. {last}"
    if kind == "reversed":
        return kind, f"{last} {first}"
    if kind == "nickname":
        return kind, f"{NICK[first]} {last}"
    if kind == "typo":
        i = rng.randrange(1, len(last) - 1)
        return kind, f"{first} {last[:i] + last[i + 1] + last[i] + last[i + 2:]}"
    return kind, f"{first[0].lower()}{last.lower()}{rng.randrange(10, 99)}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="safereply-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["SAFEREPLY_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "safereply.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command

    from safereply.accounts.models import Clinician, Location, Organization
    from safereply.cases.services import SystemActor
    from safereply.patients import matching, services

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(name="Bench Health")
    locations = [Location.objects.create(organization=organization, name=n) for n in LOCATIONS]
    clinicians = [Clinician.objects.create(organization=organization, title=t, first_name=f, last_name=l,
                                           location=locations[i % len(locations)])
                  for i, (t, f, l) in enumerate(CLINICIANS)]
    rng = random.Random(args.seed)
    lasts = [root + middle + suffix for root in LAST_ROOTS for middle in MIDDLES for suffix in SUFFIXES]
    today = dt.date(2026, 6, 30)
    rows, people = ["record_number,first_name,last_name,birth_date,phone,email,last_visit,visit_type,clinician,location"], []
    for n in range(args.patients):
        first, last = rng.choice(FIRST), rng.choice(lasts)
        clinician = rng.choice(clinicians)
        visit = today - dt.timedelta(days=rng.randrange(0, 720))
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 28000))
        rows.append(f"B{n:07d},{first},{last},{birth},555-{n % 10000:04d},,{visit},,"
                    f"{clinician.full_name},{clinician.location.name}")
        people.append((first, last, clinician, visit))
    started = time.perf_counter()
    services.patients_import(organization=organization, actor=SystemActor("bench"), data="\n".join(rows).encode())
    import_s = time.perf_counter() - started
    print(f"patients: {args.patients:,}; import with encryption and blind indexes: {import_s:.1f} s")

    names = {c.pk: c.display_name for c in clinicians}
    index_of = {f"B{n:07d}": n for n in range(args.patients)}
    from safereply.patients.models import Patient

    pk_to_n = {p.pk: index_of[p.identity.record_number] for p in Patient.objects.filter(organization=organization)}
    timings, right, by_kind = [], 0, {}
    for _ in range(args.cases):
        n = rng.randrange(args.patients)
        first, last, clinician, visit = people[n]
        kind, display = _variant(rng, first, last)
        parts = ["I have been a patient for years and this was the worst visit."]
        clinician_ids, location_id = set(), None
        if rng.random() < 0.7:
            parts.append(f"{clinician.display_name} barely listened.")
            clinician_ids.add(clinician.pk)
        if rng.random() < 0.6:
            parts.append(f"It was on {MONTHS[visit.month - 1]} {visit.day}.")
        if rng.random() < 0.5:
            location_id = clinician.location_id
        reported = visit + dt.timedelta(days=rng.randrange(0, 5))
        started = time.perf_counter()
        clues = matching.post_clues(" ".join(parts), reported=reported, clinician_ids=clinician_ids,
                                    location_id=location_id)
        ranked = services.patient_match(organization_id=organization.pk, display_name=display, clues=clues,
                                        clinician_names=names)
        timings.append((time.perf_counter() - started) * 1000)
        ok = bool(ranked) and pk_to_n[ranked[0][0].pk] == n
        right += ok
        hits = by_kind.setdefault(kind, [0, 0])
        hits[0] += ok
        hits[1] += 1
    timings.sort()
    median, p95, worst = statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1]
    carrying = [(ok, total) for kind, (ok, total) in by_kind.items() if kind != "first_initial"]
    top1 = sum(ok for ok, _ in carrying) / max(1, sum(total for _, total in carrying))
    print(f"cases: {args.cases}; per case: median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms "
          f"(goal < {GOAL_MS:.0f} ms) {'PASS' if p95 < GOAL_MS else 'FAIL'}")
    print(f"right patient ranked first, display name carries the name: {top1:.1%} "
          f"(goal >= {GOAL_TOP1:.0%}) {'PASS' if top1 >= GOAL_TOP1 else 'FAIL'}; all cases: {right / args.cases:.1%}")
    for kind, (ok, total) in sorted(by_kind.items()):
        print(f"  {kind:14} {ok}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
