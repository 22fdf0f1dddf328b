"""`safereply screen` and `safereply eval`, called in-process through screening_cli.main()."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from safereply import screening_cli
from safereply.screening.config import ConfigError, load_organization_config

SAFE = "Thank you for taking the time to share your feedback. We are always working to improve."
HEATED = ("This review is completely false and frankly ridiculous. Maybe try telling the "
          "truth next time before you trash our staff online.")
DISCLOSING = ("Maria, we are so glad your knee surgery went well, and Dr. Lee enjoyed seeing "
              "you at your follow-up appointment on March 3.")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = screening_cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- one reply ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [(SAFE, 0), (HEATED, 1), (DISCLOSING, 2)])
def test_the_exit_code_is_the_verdict(capsys, text, code):
    assert run(capsys, "screen", text)[0] == code


def test_it_prints_the_verdict_the_findings_and_the_safe_alternative(capsys):
    code, out, err = run(capsys, "screen", DISCLOSING, "--poster", "Maria",
                         "--post", "Thank you Dr. Lee!")
    assert code == 2
    assert "Verdict: BLOCK" in out
    assert "Findings (" in out and "why:" in out and "fix:" in out and "confidence" in out
    assert "Safe alternative" in out
    assert "does not give legal advice" in " ".join(out.split())
    assert err == ""


def test_json_prints_the_screening_as_a_dict(capsys):
    code, out, _ = run(capsys, "screen", "--json", DISCLOSING)
    data = json.loads(out)
    assert code == 2
    assert set(data) == {"verdict", "language", "tone", "categories", "findings",
                         "safe_alternative"}
    assert data["verdict"] == "block"
    assert data["findings"] and {"start", "end", "category", "confidence", "explanation",
                                 "fix", "rule", "text"} <= set(data["findings"][0])


def test_a_dash_reads_the_reply_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAFE.encode())))
    code, out, _ = run(capsys, "screen", "-", "--json")
    assert code == 0 and json.loads(out)["verdict"] == "pass"


@pytest.mark.parametrize(
    "argv",
    [
        ("screen",),
        ("screen", "   "),
        ("screen", "text", "--file", "x.csv"),
        ("screen", "text", "--out", "x.jsonl"),
        ("screen", "--bogus", "text"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_3_with_a_message(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 3
    assert "error:" in err and "Traceback" not in err


# --- --org-config ------------------------------------------------------------------------


def test_the_organizations_own_details_are_used(capsys, tmp_path):
    config = tmp_path / "org.toml"
    config.write_text('name = "Birchwood Clinic"\nphones = ["(555) 010-2000"]\n'
                      'emails = ["care@birchwood.example"]\nclinicians = ["Dr. Ana Ruiz"]\n')
    text = ("Thank you for your feedback. Please call our patient relations manager at "
            "(555) 010-2000 or write to care@birchwood.example.")
    code, out, _ = run(capsys, "screen", "--json", "--org-config", str(config), text)
    assert code in (0, 1)
    assert "identifier" not in json.loads(out)["categories"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("org.json", "{not json", "is not valid JSON"),
        ("org.toml", "name = ", "is not valid TOML"),
        ("org.json", '["a list"]', "must hold an object"),
        ("org.json", '{"name": "X", "phone": ["1"]}', "unknown key 'phone'"),
        ("org.json", '{"phones": "555-0100"}', "'phones' must be a list of strings"),
        ("org.json", '{"emails": ["a@b.example", 7]}', "'emails' item 2 must be a non-empty string"),
        ("org.json", '{"name": 12}', "'name' must be a string"),
    ],
)
def test_a_bad_org_config_is_named_with_its_problem(capsys, tmp_path, name, content, problem):
    config = tmp_path / name
    config.write_text(content)
    with pytest.raises(ConfigError, match=problem):
        load_organization_config(config)
    code, _, err = run(capsys, "screen", SAFE, "--org-config", str(config))
    assert code == 3
    assert str(config) in err and problem in err


def test_a_missing_org_config_exits_3(capsys, tmp_path):
    code, _, err = run(capsys, "screen", SAFE, "--org-config", str(tmp_path / "absent.json"))
    assert code == 3 and "no such file" in err


def test_an_org_config_is_read_into_the_context(tmp_path):
    config = tmp_path / "org.json"
    config.write_text(json.dumps({
        "name": "Birchwood Clinic", "phones": ["(555) 010-2000"], "emails": [],
        "addresses": ["12 Elm Street, Springfield"], "urls": ["https://birchwood.example"],
        "holding_reply": "Thank you; please call us.", "clinicians": ["Dr. Ana Ruiz"],
    }))
    context = load_organization_config(config).context(post="p", poster="q",
                                                       clinicians=("Dr. Bo Chen",))
    assert context.organization.name == "Birchwood Clinic"
    assert context.organization.addresses == ("12 Elm Street, Springfield",)
    assert context.organization.holding_reply == "Thank you; please call us."
    assert context.clinicians == ("Dr. Ana Ruiz", "Dr. Bo Chen")
    assert (context.post, context.poster) == ("p", "q")


# --- --file --------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_it_screens_a_csv_file_to_jsonl_on_stdout(capsys, tmp_path):
    source = write_csv(tmp_path / "replies.csv", [
        ["id", "reply", "post", "poster"],
        ["a", SAFE, "", ""],
        ["b", DISCLOSING, "Great visit!", "Maria"],
        ["c", "Line one,\nline two of a reply that spans lines.", "", ""],
    ])
    code, out, err = run(capsys, "screen", "--file", str(source))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["id"], r["line"]) for r in results] == [("a", 2), ("b", 3), ("c", 4)]
    assert results[0]["verdict"] == "pass" and results[1]["verdict"] == "block"
    assert "screened 3 replies" in err


def test_it_screens_jsonl_to_csv_with_the_format_from_the_extension(capsys, tmp_path):
    source = tmp_path / "replies.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in [
        {"id": 1, "reply": SAFE}, {"id": 2, "reply": DISCLOSING, "poster": "Maria"},
    ]) + "\n")
    out_path = tmp_path / "results.csv"
    code, out, _ = run(capsys, "screen", "--file", str(source), "--out", str(out_path))
    assert code == 0 and out == ""
    with out_path.open(newline="", encoding="utf-8") as handle:
        results = list(csv.DictReader(handle))
    assert [(r["id"], r["verdict"]) for r in results] == [("1", "pass"), ("2", "block")]
    assert json.loads(results[1]["findings"])  # the findings, as JSON in one column


def test_format_overrides_the_extension(capsys, tmp_path):
    source = tmp_path / "replies.jsonl"
    source.write_text(json.dumps({"reply": SAFE}) + "\n")
    out_path = tmp_path / "results.txt"
    run(capsys, "screen", "--file", str(source), "--out", str(out_path), "--format", "csv")
    assert out_path.read_text().startswith("line,id,verdict")


def test_malformed_jsonl_lines_are_reported_by_number_and_the_rest_written(capsys, tmp_path):
    source = tmp_path / "replies.jsonl"
    source.write_bytes(b"\n".join([
        json.dumps({"id": "ok1", "reply": SAFE}).encode(),       # 1
        b'{"reply": "unterminated',                             # 2 bad JSON
        json.dumps({"post": "no reply here"}).encode(),          # 3 missing reply
        json.dumps({"reply": ["not", "text"]}).encode(),         # 4 non-string reply
        b'{"reply": "Gracias por su opini\xf3n."}',              # 5 Latin-1 bytes
        b"",                                                     # 6 blank: ignored
        json.dumps({"id": "ok2", "reply": DISCLOSING}).encode(),  # 7
    ]) + b"\n")
    out_path = tmp_path / "results.jsonl"
    code, _, err = run(capsys, "screen", "--file", str(source), "--out", str(out_path))
    assert code == 5
    results = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [(r["id"], r["line"]) for r in results] == [("ok1", 1), ("ok2", 7)]
    for line, problem in [(2, "not valid JSON"), (3, "missing `reply`"),
                          (4, "`reply` must be text"), (5, "not valid UTF-8")]:
        assert f"line {line}: {problem}" in err
    assert "line 6" not in err
    assert "skipped 4 malformed lines" in err


def test_malformed_csv_rows_are_reported_by_number_and_the_rest_written(capsys, tmp_path):
    source = tmp_path / "replies.csv"
    source.write_bytes(
        b"\xef\xbb\xbfid,reply\r\n"          # 1 header after a UTF-8 BOM
        + b"a," + SAFE.encode() + b"\r\n"    # 2
        + b"b,\r\n"                          # 3 empty reply
        + b"c\r\n"                           # 4 no reply column at all
        + b"d,Merci \xe0 vous\r\n"           # 5 Latin-1
        + b"e," + DISCLOSING.encode() + b"\r\n"  # 6
    )
    code, out, err = run(capsys, "screen", "--file", str(source))
    assert code == 5
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "e"]
    assert "line 3: `reply` is empty" in err
    assert "line 4: missing `reply`" in err
    assert "line 5: not valid UTF-8" in err


def test_a_csv_without_a_reply_column_is_refused(capsys, tmp_path):
    source = write_csv(tmp_path / "replies.csv", [["id", "text"], ["1", SAFE]])
    out_path = tmp_path / "results.jsonl"
    code, _, err = run(capsys, "screen", "--file", str(source), "--out", str(out_path))
    assert code == 4 and "no `reply` column" in err
    assert not out_path.exists()


def test_a_binary_file_is_refused_without_a_traceback(capsys, tmp_path):
    source = tmp_path / "photo.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, out, err = run(capsys, "screen", "--file", str(source))
    assert code == 4
    assert "binary" in err and out == "" and "Traceback" not in err


def test_a_utf16_file_is_refused_with_a_hint(capsys, tmp_path):
    source = tmp_path / "replies.csv"
    source.write_bytes(("reply\n" + SAFE + "\n").encode("utf-16"))
    code, _, err = run(capsys, "screen", "--file", str(source))
    assert code == 4 and "UTF-16" in err


@pytest.mark.parametrize("name", ["empty.csv", "empty.jsonl"])
def test_an_empty_file_screens_nothing_and_succeeds(capsys, tmp_path, name):
    source = tmp_path / name
    source.write_bytes(b"")
    code, out, err = run(capsys, "screen", "--file", str(source))
    assert code == 0 and out == ""
    assert "screened 0 replies" in err


def test_a_missing_file_exits_4(capsys, tmp_path):
    code, _, err = run(capsys, "screen", "--file", str(tmp_path / "absent.csv"))
    assert code == 4 and "no such file" in err


# --- eval ------------------------------------------------------------------------------------


def labeled_file(tmp_path: Path, *, lang: str | None = None, extra: bytes = b"") -> Path:
    rows = [
        {"id": "t1", "org": "Birchwood Clinic", "providers": ["Dr. Lee"], "poster": "Maria",
         "post": "Thank you Dr. Lee!", "reply": DISCLOSING, "label": "violation",
         "categories": ["relationship", "clinical", "identifier"], "tone": "calm"},
        {"id": "t2", "org": "Birchwood Clinic", "providers": ["Dr. Lee"], "poster": "Sam",
         "post": "Rude staff.", "reply": SAFE, "label": "safe", "categories": [],
         "tone": "calm"},
    ]
    if lang:
        rows = [{**r, "lang": lang} for r in rows]
    path = tmp_path / "labeled.jsonl"
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in rows) + extra)
    return path


def test_eval_json_prints_exactly_one_object_with_the_scores(capsys, tmp_path):
    code, out, _ = run(capsys, "eval", str(labeled_file(tmp_path)), "--json")
    report = json.loads(out)  # one object and nothing else
    assert code == 0
    assert {"precision", "recall", "f1", "per_category_recall", "tone_accuracy", "n",
            "false_positives", "false_negatives"} <= set(report)
    assert report["n"] == 2


def test_eval_handles_a_lang_field(capsys, tmp_path):
    code, out, _ = run(capsys, "eval", "--json", str(labeled_file(tmp_path, lang="es")))
    assert code == 0 and set(json.loads(out)["per_language"]) == {"es"}


def test_eval_text_shows_the_scores_and_the_mistakes(capsys, tmp_path):
    code, out, _ = run(capsys, "eval", str(labeled_file(tmp_path)))
    assert code == 0
    for label in ("precision", "recall", "F1", "tone accuracy", "category recall",
                  "False positives", "False negatives"):
        assert label in out


def test_eval_reports_malformed_lines_and_scores_the_rest(capsys, tmp_path):
    path = labeled_file(tmp_path, extra=b'{"reply": "x", "label": "unsure"}\n{oops\n')
    code, out, err = run(capsys, "eval", "--json", str(path))
    assert code == 5
    assert json.loads(out)["n"] == 2
    assert "line 3: 'label' must be one of" in err and "line 4: not valid JSON" in err


@pytest.mark.parametrize("content", [None, b"\x00\x01\x02binary"])
def test_eval_refuses_missing_and_binary_files(capsys, tmp_path, content):
    path = tmp_path / "labeled.jsonl"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "eval", str(path))
    assert code == 4 and out == "" and "Traceback" not in err


def test_the_console_script_hands_screening_to_this_module(tmp_path):
    script = Path(sys.executable).with_name("safereply")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "safereply.cli"]
    completed = subprocess.run([*command, "screen", "--json", DISCLOSING],
                               capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 2, completed.stderr
    assert json.loads(completed.stdout)["verdict"] == "block"
    missing = subprocess.run([*command, "eval", str(tmp_path / "absent.jsonl")],
                             capture_output=True, text=True, timeout=60, check=False)
    assert missing.returncode == 4
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
