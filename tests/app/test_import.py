"""`safereply import FILE`: everything or nothing, with a per-row error report."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from safereply.cases.models import Case, Report

HEADER = "platform,url,poster_name,post_text,note,location,reported_at\n"


def run(path, capsys):
    call_command("import", str(path))
    return capsys.readouterr().out


def test_a_good_csv_is_imported(org, tmp_path, capsys):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + 'google,https://g.co/r/1,Ann,"Waited, forever",,Main Clinic,2025-01-02T10:00\n'
                             "yelp,https://yelp.com/biz/r?hrid=2,Bob,Rude desk,,,\n")
    out = run(path, capsys)
    assert "Imported 2 reports" in out
    assert Case.objects.count() == 2 and Report.objects.filter(via="import").count() == 2
    assert Case.objects.get(url="https://g.co/r/1").location.name == "Main Clinic"


def test_a_good_jsonl_is_imported_and_duplicates_join(org, tmp_path, capsys):
    rows = [{"platform": "google", "url": "https://g.co/r/1", "poster_name": "Ann", "post_text": "Slow"},
            {"platform": "google", "url": "https://www.g.co/r/1/?utm_source=x", "poster_name": "Ann", "post_text": "Slow"}]
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert "1 joined an existing case" in run(path, capsys)
    assert Case.objects.count() == 1 and Report.objects.count() == 2


def test_one_bad_csv_row_imports_nothing_and_names_the_line(org, tmp_path, capsys):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "google,https://g.co/r/1,Ann,Fine,,,\n"
                             "myspace,https://g.co/r/2,Bob,Text,,,\n"
                             "google,not a link,Cy,Text,,,\n"
                             "google,https://g.co/r/4,Di,Text,,Nowhere,\n"
                             "google,https://g.co/r/5,Ed,Text,,,yesterday\n")
    with pytest.raises(CommandError):
        call_command("import", str(path))
    out = capsys.readouterr().out
    assert "4 of 5 rows have problems; nothing was imported" in out
    for line in ("3", "4", "5", "6"):
        assert f"│ {line:>4} │" in out or f"│    {line} │" in out
    assert not Case.objects.exists() and not Report.objects.exists()


def test_malformed_json_imports_nothing(org, tmp_path, capsys):
    path = tmp_path / "posts.jsonl"
    path.write_text('{"platform": "google", "url": "https://g.co/1", "poster_name": "A", "post_text": "B"}\n'
                    '{"platform": "google", "url": \n'
                    '["not", "an", "object"]\n')
    with pytest.raises(CommandError):
        call_command("import", str(path))
    out = capsys.readouterr().out
    assert "not valid JSON" in out and "must be a JSON object" in out
    assert not Case.objects.exists()


def test_a_csv_without_the_needed_columns_is_refused(org, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("platform,link\ngoogle,https://g.co/1\n")
    with pytest.raises(CommandError, match="lacks: url, poster_name, post_text"):
        call_command("import", str(path))


def test_a_csv_row_with_extra_fields_is_reported(org, tmp_path, capsys):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "google,https://g.co/1,A,B,,,,extra\n")
    with pytest.raises(CommandError):
        call_command("import", str(path))
    assert "more fields than the header" in capsys.readouterr().out


def test_other_file_types_are_refused(org, tmp_path):
    path = tmp_path / "posts.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(CommandError, match=".csv or .jsonl"):
        call_command("import", str(path))


def test_a_failure_midway_rolls_back_everything(org, tmp_path, capsys, monkeypatch):
    from safereply.cases import services

    real, calls = services.report_submit, []

    def fail_on_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "report_submit", fail_on_second)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "google,https://g.co/r/1,Ann,Fine,,,\ngoogle,https://g.co/r/2,Bob,Fine,,,\n")
    with pytest.raises(RuntimeError):
        call_command("import", str(path))
    assert not Case.objects.exists()
