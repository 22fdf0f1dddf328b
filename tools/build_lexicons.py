#!/usr/bin/env python3
"""Rebuild src/safereply/screening/lexicons/ from public vocabularies plus hand seeds.

Build-time only packages (NOT runtime dependencies of safereply):
    pip install simple-icd-10-cm==1.5.0 cie==0.208 drug-named-entity-recognition==2.0.9 wordfreq==3.1.1
Run:  python tools/build_lexicons.py
Seeds: tools/lexicon_seeds/{en,es}/<name>.txt, '#' comments, one entry per line, '|' separates variants.
"""
from __future__ import annotations

import bz2, csv, datetime, importlib.metadata as md, importlib.util, io, os, pickle, re, sys, unicodedata, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tools" / "lexicon_seeds"
OUT = ROOT / "src" / "safereply" / "screening" / "lexicons"
NAMES = ["conditions", "procedures", "tests", "medications", "body_parts", "dental", "care_events", "payment"]
DATE = os.environ.get("LEXICON_BUILD_DATE", datetime.date.today().isoformat())
CMD = "python tools/build_lexicons.py"
SEED_SRC = "hand-curated seed list tools/lexicon_seeds/{lang}/{name}.txt (SafeReply contributors, Apache-2.0)"


def norm(t: str) -> str:
    t = unicodedata.normalize("NFC", t).lower().strip()
    return re.sub(r"\s+", " ", t)


def strip_accents(t: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn"))


def read_seeds(lang: str, name: str) -> set[str]:
    p = SEEDS / lang / f"{name}.txt"
    out: set[str] = set()
    if not p.exists():
        return out
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        out.update(norm(x) for x in line.split("|") if x.strip())
    return out


def pkg_dir(mod: str) -> Path:
    spec = importlib.util.find_spec(mod)
    if spec is None:
        sys.exit(f"missing build-time package for module {mod}; see docstring")
    if spec.origin:
        return Path(spec.origin).parent
    return Path(list(spec.submodule_search_locations)[0])


BAD_EN = re.compile(r"[\d()\[\]/;:]|\bother\b|unspecified|\bof\b|due to|elsewhere|\bin\b|\bwith\b|\bwithout\b|\bfor\b|,|related|secondary|certain|abnormal|encounter|personal history|\bsite\b")
DENY_EN = {"plague", "yaws", "cough", "long labor", "false labor", "late pregnancy", "volume depletion", "shoulder lesions", "impulse disorders", "late syphilis", "early syphilis"}


def icd10cm_terms() -> set[str]:
    import simple_icd_10_cm as c
    out: set[str] = set()
    for code in c.get_all_codes(with_dots=False):
        if not c.is_category(code):
            continue
        d = norm(c.get_description(code))
        d = re.sub(r",? unspecified$", "", d)
        parts = d.split(" and ") if " and " in d else [d]
        for p in parts:
            p = p.strip()
            if 1 <= len(p.split()) <= 3 and not BAD_EN.search(p) and p not in DENY_EN and len(p) > 3:
                out.add(p)
    return out


BAD_ES = re.compile(r"[\d()\[\]/;:,]|\botr[oa]s?\b|no especificad|clasificad|debido|\bsecuela|\bcontacto|\bexamen|\bpersonas?\b|\bciert[oa]s\b|anormal|\by\b|\bpor\b|\bcon\b|\bsin\b|\ben\b|\bpara\b")


def cie10_es_terms() -> set[str]:
    z = pkg_dir("cie") / "data" / "cie-10.zip"
    with zipfile.ZipFile(z) as zf:
        text = zf.read("cie-10.csv").decode("utf-8")
    out: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("level") != "2":
            continue
        d = norm(row["description"])
        d = re.sub(r",? no especificad[oa]s?$", "", d)
        words = [w for w in d.split() if w not in {"de", "del", "la", "el", "los", "las"}]
        if 1 <= len(words) <= 3 and len(d.split()) <= 5 and not BAD_ES.search(d) and len(d) > 3:
            out.add(d)
    return out


def drug_terms() -> tuple[set[str], set[str]]:
    """MedlinePlus-listed drugs (canonical generic names + variant/brand names) from the drug NER dictionary."""
    from wordfreq import zipf_frequency
    d = pickle.load(bz2.open(pkg_dir("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"))
    c2d, v2c, vd = d["drug_canonical_to_data"], d["drug_variant_to_canonical"], d["drug_variant_to_variant_data"]
    keep = {c for c, data in c2d.items() if "medline_plus_id" in data}
    good: set[str] = set()
    amb: set[str] = set()
    for v, cs in v2c.items():
        if v not in vd or not any(c in keep for c in cs):  # MedlinePlus/NHS-listed name forms only
            continue
        v = norm(v)
        if not re.fullmatch(r"[a-z][a-z\-]*( [a-z][a-z\-]*){0,1}", v) or len(v) < 4:
            continue
        # words that are also common English words (e.g. brand names like "ally") need context
        if max(zipf_frequency(w, "en") for w in v.split()) >= 3.3:
            amb.add(v)
        else:
            good.add(v)
    return good, amb


def main() -> None:
    derived: dict[tuple[str, str], dict[str, set[str]]] = {}
    v = lambda p: md.version(p)
    derived[("en", "conditions")] = {f"simple-icd-10-cm {v('simple-icd-10-cm')} (ICD-10-CM April 2026 tabular, CMS/NCHS public domain data; package MIT): 3-character category titles, split on 'and', filtered to 1-3 words": icd10cm_terms()}
    derived[("es", "conditions")] = {f"cie {v('cie')} (CIE-10 en español, package MIT): category titles (level 2), filtered to short terms": cie10_es_terms()}
    dg, da = drug_terms()
    derived[("en", "medications")] = {f"drug-named-entity-recognition {v('drug-named-entity-recognition')} (MIT; dictionary from MedlinePlus/NHS/Wikipedia/MeSH): names of MedlinePlus-listed drugs and their MedlinePlus/NHS name variants (generic + brand), 1-2 words, English wordfreq zipf < 3.3": dg}
    from wordfreq import zipf_frequency
    derived[("es", "medications")] = {f"drug-named-entity-recognition {v('drug-named-entity-recognition')} (MIT): same brand/generic names as en, kept only when also rare in Spanish (wordfreq zipf < 3.0)": {t for t in dg if max(zipf_frequency(w, 'es') for w in t.split()) < 3.0 and not t.endswith(("in", "ine", "ide", "ate", "one"))}}
    manifest = []
    for lang in ("en", "es"):
        amb = read_seeds(lang, "ambiguous")
        if lang == "en":
            amb |= da
        (OUT / lang).mkdir(parents=True, exist_ok=True)
        lexicons = {}
        for name in NAMES:
            parts = {SEED_SRC.format(lang=lang, name=name): read_seeds(lang, name)}
            parts.update(derived.get((lang, name), {}))
            for src in parts:
                terms = set(parts[src])
                if lang == "es":
                    terms |= {strip_accents(t) for t in terms}
                parts[src] = {t for t in terms if t and t not in amb}
            lexicons[name] = parts
        amb_terms = set(amb) | ({strip_accents(t) for t in amb} if lang == "es" else set())
        lexicons["ambiguous"] = {SEED_SRC.format(lang=lang, name="ambiguous") + ("; plus drug-named-entity-recognition names that are common English words (wordfreq zipf >= 3.3)" if lang == "en" else ""): amb_terms}
        for name, parts in lexicons.items():
            allterms = sorted(set().union(*parts.values()))
            hdr = [f"# SafeReply screening lexicon: {lang}/{name}.txt"]
            if name == "ambiguous":
                hdr.append("# AMBIGUOUS: these words have common everyday senses; treat as medical/care/payment only with context (possessive, clinical neighbour). They are excluded from the other files.")
            hdr.append("# Sources (term counts before merge; a term may come from several):")
            for src, ts in parts.items():
                hdr.append(f"#   - {src}: {len(ts)} terms")
            hdr += ["# License: lexicon data Apache-2.0 (project); derived parts follow the upstream licenses named above.",
                    f"# Built by: {CMD}", f"# Date: {DATE}",
                    "# Format: UTF-8, one lowercase term per line, sorted, unique" + ("; Spanish terms also appear without accents." if lang == "es" else ".")]
            (OUT / lang / f"{name}.txt").write_text("\n".join(hdr + allterms) + "\n", encoding="utf-8")
            srcs = "+".join("seed" if s.startswith("hand") else s.split()[0] for s in parts)
            manifest.append(f"{lang}/{name}.txt\t{len(allterms)}\t{srcs}")
    # MANIFEST last: the engine starts using the files once it exists.
    (OUT / "MANIFEST.txt").write_text("# file\tterms\tsources (seed = tools/lexicon_seeds)\n" + f"# built by {CMD} on {DATE}\n" + "\n".join(manifest) + "\n", encoding="utf-8")
    print("\n".join(manifest))


if __name__ == "__main__":
    main()
