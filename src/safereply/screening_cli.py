"""``safereply screen`` and ``safereply eval``: the screening engine on the command line.

Kept free of Django so that a screening starts fast; ``safereply.cli`` hands these two
commands here and everything else to Django.

Exit codes (also shown by ``--help``):

    0  screen: the reply passes          | --file and eval: every line was processed
    1  screen: the reply needs review (heated tone or an uncertain finding)
    2  screen: the reply discloses PHI and is blocked
    3  usage: bad arguments, or an organization config file that is missing or wrong
    4  input: the file to screen or evaluate is missing, unreadable, binary or not UTF-8
    5  partial: some lines or rows were malformed and skipped (each reported on stderr
       with its line number); the results for all the other lines were written
    6  internal error in the engine (please report it with the reply that caused it)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.text import Text

from safereply.screening.notice import NOT_LEGAL_ADVICE

EXIT_PASS = 0
EXIT_REVIEW = 1
EXIT_BLOCK = 2
EXIT_USAGE = 3
EXIT_INPUT = 4
EXIT_PARTIAL = 5
EXIT_INTERNAL = 6

EXIT_FOR_VERDICT = {"pass": EXIT_PASS, "review": EXIT_REVIEW, "block": EXIT_BLOCK}

EXIT_CODES_HELP = """\
exit codes:
  0  pass (screen) / everything processed (--file, eval)
  1  review: heated tone or an uncertain finding
  2  block: the reply discloses protected health information
  3  usage error, or a bad --org-config file
  4  the input file is missing, unreadable, binary or not UTF-8
  5  some lines were malformed and skipped (reported on stderr); the rest was written
  6  internal error in the engine
"""

CATEGORY_STYLES = {
    "relationship": "bold white on dark_magenta",
    "clinical": "bold white on red3",
    "payment": "bold black on gold3",
    "identifier": "bold white on blue3",
    "echo": "bold black on dark_cyan",
    "tone": "bold black on dark_orange",
}
VERDICT_STYLES = {"pass": "bold green", "review": "bold yellow", "block": "bold red"}
VERDICT_MEANINGS = {
    "pass": "nothing found: the reply may go to approval",
    "review": "no disclosure found, but a person must look at it first",
    "block": "discloses protected health information: must not be published",
}

# Bytes read before deciding that a file is binary or which format it is in.
SNIFF_BYTES = 8192
# Rows screened between two redraws of the progress bar.
PROGRESS_EVERY = 64


class CommandError(Exception):
    """Stops the command with a message for people and an exit code for programs."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _ArgumentParser(argparse.ArgumentParser):
    # argparse exits with 2 on a usage error, which here means "blocked".
    def error(self, message: str):  # type: ignore[override]
        raise CommandError(f"{self.prog}: {message}\n(see `{self.prog} --help`)", EXIT_USAGE)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        args = _parser().parse_args(argv)
        if args.command == "screen":
            return _screen_command(args, stderr)
        if args.command == "eval":
            return _eval_command(args, stderr)
        raise CommandError("safereply: expected `screen` or `eval`", EXIT_USAGE)
    except CommandError as exc:
        stderr.print(Text(f"error: {exc}", style="bold red"))
        return exc.exit_code
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        stderr.print(Text("interrupted", style="bold red"))
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`); nothing left to say to it.
        _silence_stdout()
        return EXIT_PASS
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if os.environ.get("SAFEREPLY_DEBUG"):
            raise
        stderr.print(
            Text(f"internal error: {type(exc).__name__}: {exc}\n"
                 "(set SAFEREPLY_DEBUG=1 to see the traceback)", style="bold red")
        )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="safereply",
        description="Screen public replies for disclosures of protected health information.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_ArgumentParser)

    screen = commands.add_parser(
        "screen",
        help="screen one reply, or a CSV/JSONL file of replies",
        description="Screen one reply (TEXT, or - to read it from stdin), or with --file a "
        "CSV or JSONL file whose rows have a `reply` and optionally `post`, `poster`, `id`.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    screen.add_argument("text", nargs="?", help="the reply to screen; - reads it from stdin")
    screen.add_argument("--post", default="", help="the post or review being answered")
    screen.add_argument("--poster", default="", help="the poster's display name")
    screen.add_argument("--org-config", metavar="FILE",
                        help="JSON or TOML file with the organization's own details")
    screen.add_argument("--json", action="store_true", help="print the result as JSON")
    screen.add_argument("--file", metavar="FILE", help="screen every row of a CSV or JSONL file")
    screen.add_argument("--out", metavar="OUT", help="with --file: write results here (default stdout)")
    screen.add_argument("--format", choices=("jsonl", "csv"),
                        help="with --file: output format (default: from --out's extension, else jsonl)")
    screen.add_argument("--no-progress", action="store_true", help="with --file: no progress bar")

    evaluate = commands.add_parser(
        "eval",
        help="score the engine against labeled replies (JSONL)",
        description="Score the engine against labeled replies in the format of "
        "shared/eval/dev.jsonl: precision, recall and F1 for `violation`, recall per "
        "category, tone accuracy, and the cases it got wrong.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("files", nargs="+", metavar="FILE", help="labeled JSONL file(s)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


# --- safereply screen -------------------------------------------------------------


def _screen_command(args: argparse.Namespace, stderr: Console) -> int:
    if args.file is not None:
        if args.text is not None:
            raise CommandError("give either TEXT or --file, not both", EXIT_USAGE)
        if args.json:
            raise CommandError("--json is for one reply; with --file use --format jsonl", EXIT_USAGE)
        if args.post or args.poster:
            raise CommandError(
                "--post and --poster are for one reply; with --file put `post` and "
                "`poster` columns in the file", EXIT_USAGE)
    else:
        if args.text is None:
            raise CommandError("nothing to screen: give TEXT, - for stdin, or --file FILE",
                               EXIT_USAGE)
        if args.out or args.format:
            raise CommandError("--out and --format go with --file", EXIT_USAGE)
    org_config = _load_org_config(args.org_config)
    if args.file is not None:
        return _screen_file(args, org_config, stderr)
    return _screen_one(args, org_config)


def _load_org_config(path: str | None):
    from safereply.screening.config import ConfigError, OrganizationConfig, load_organization_config

    if path is None:
        return OrganizationConfig()
    try:
        return load_organization_config(path)
    except ConfigError as exc:
        raise CommandError(f"organization config {exc}", EXIT_USAGE) from None


def _screen_one(args: argparse.Namespace, org_config) -> int:
    from safereply.screening import screen

    text = args.text
    if text == "-":
        try:
            # `echo ... |` ends the reply with a newline that is not part of it.
            text = sys.stdin.buffer.read().decode("utf-8-sig").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise CommandError(f"stdin is not UTF-8 text (byte offset {exc.start})",
                               EXIT_INPUT) from None
    if not text.strip():
        raise CommandError("the reply is empty; nothing to screen", EXIT_USAGE)
    screening = screen(text, org_config.context(post=args.post, poster=args.poster))
    if args.json:
        sys.stdout.write(json.dumps(screening.as_dict(), ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    else:
        _print_screening(Console(highlight=False, soft_wrap=False), screening)
    return EXIT_FOR_VERDICT[screening.verdict.value]


def _print_screening(console: Console, screening) -> None:
    verdict = screening.verdict.value
    header = Text()
    header.append("Verdict: ", style="bold")
    header.append(verdict.upper(), style=VERDICT_STYLES[verdict])
    header.append(f"  ({VERDICT_MEANINGS[verdict]})")
    console.print(header)
    console.print(Text(f"tone: {screening.tone}, language: {screening.language}", style="dim"))
    console.print()

    console.print(Text("Reply", style="bold underline"))
    reply = Text(screening.text)
    for finding in screening.findings:
        start = max(0, min(finding.start, len(screening.text)))
        end = max(start, min(finding.end, len(screening.text)))
        reply.stylize(CATEGORY_STYLES.get(finding.category.value, "reverse"), start, end)
    console.print(reply)
    present = sorted({f.category.value for f in screening.findings})
    if present:
        legend = Text("key: ", style="dim")
        for category in present:
            legend.append(f" {category} ", style=CATEGORY_STYLES.get(category, "reverse"))
            legend.append(" ")
        console.print(legend)
    console.print()

    if screening.findings:
        console.print(Text(f"Findings ({len(screening.findings)})", style="bold underline"))
        for number, finding in enumerate(screening.findings, start=1):
            category = finding.category.value
            line = Text(f"{number}. ")
            line.append(f" {category} ", style=CATEGORY_STYLES.get(category, "reverse"))
            if finding.kind:
                line.append(f" {finding.kind}")
            line.append(f"  confidence {finding.confidence:.2f}", style="dim")
            line.append(f"  “{screening.text[finding.start:finding.end]}”")
            line.append(f"  [{finding.rule}]", style="dim")
            console.print(line)
            console.print(Text.assemble(("   why: ", "bold"), finding.explanation))
            console.print(Text.assemble(("   fix: ", "bold"), finding.fix))
        console.print()
    else:
        console.print(Text("No findings.", style="green"))
        console.print()

    console.print(Text("Safe alternative", style="bold underline"))
    console.print(Text(screening.safe_alternative))
    console.print()
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))


# --- safereply screen --file ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    reply: str
    post: str = ""
    poster: str = ""
    ident: object = None
    clinicians: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Problem:
    line: int
    message: str


_INPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


def _screen_file(args: argparse.Namespace, org_config, stderr: Console) -> int:
    from safereply.screening import screen

    path = Path(args.file)
    handle = _open_input(path)
    with handle:
        head = handle.read(SNIFF_BYTES)
        _refuse_unreadable_content(path, head)
        handle.seek(0)
        input_format = _INPUT_FORMATS.get(path.suffix.lower()) or _sniff_format(head)
        output_format = args.format or (
            _OUTPUT_FORMATS.get(Path(args.out).suffix.lower(), "jsonl") if args.out else "jsonl")
        if args.out and Path(args.out).resolve() == path.resolve():
            raise CommandError("--out must not be the input file", EXIT_USAGE)

        lines = _CountingLines(handle)
        records = _jsonl_records(lines) if input_format == "jsonl" else _csv_records(lines, path)
        out = _open_output(args.out)
        try:
            writer = _JsonlWriter(out) if output_format == "jsonl" else _CsvWriter(out)
            counts, skipped = _screen_records(
                records, writer, screen, org_config, lines, path, stderr,
                show_progress=not args.no_progress and stderr.is_terminal)
        finally:
            if out is not sys.stdout:
                out.close()
            else:
                out.flush()

    screened = sum(counts.values())
    summary = ", ".join(f"{counts[v]} {v}" for v in ("pass", "review", "block") if counts[v])
    message = f"screened {screened} repl{'y' if screened == 1 else 'ies'}"
    if summary:
        message += f" ({summary})"
    if args.out:
        message += f" -> {args.out}"
    if skipped:
        message += f"; skipped {skipped} malformed line{'s' if skipped != 1 else ''} (exit code 5)"
    stderr.print(Text(message, style="yellow" if skipped else "dim"))
    return EXIT_PARTIAL if skipped else EXIT_PASS


def _screen_records(records, writer, screen, org_config, lines, path, stderr, *, show_progress):
    counts: Counter[str] = Counter()
    skipped = 0
    progress = None
    if show_progress:
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        progress = Progress(TextColumn("screening"), BarColumn(), DownloadColumn(),
                            TextColumn("{task.fields[rows]} replies"), TimeRemainingColumn(),
                            console=stderr, transient=False)
        task = progress.add_task("screening", total=_file_size(path), rows=0)
        progress.start()
    try:
        for record in records:
            if isinstance(record, _Problem):
                skipped += 1
                _report_problem(stderr, path, record, progress)
                continue
            try:
                screening = screen(record.reply, org_config.context(
                    post=record.post, poster=record.poster, clinicians=record.clinicians))
            except Exception as exc:  # noqa: BLE001 - one bad reply must not lose the rest
                skipped += 1
                _report_problem(stderr, path, _Problem(
                    record.line, f"the engine failed on this reply ({type(exc).__name__}: {exc})"),
                    progress)
                continue
            writer.write(record, screening)
            counts[screening.verdict.value] += 1
            if progress is not None and sum(counts.values()) % PROGRESS_EVERY == 0:
                progress.update(task, completed=lines.bytes_read, rows=sum(counts.values()))
    finally:
        if progress is not None:
            progress.update(task, completed=lines.bytes_read, rows=sum(counts.values()))
            progress.stop()
    return counts, skipped


def _report_problem(stderr: Console, path: Path, problem: _Problem, progress) -> None:
    text = Text(f"{path}: line {problem.line}: {problem.message}; skipped", style="yellow")
    (progress.console if progress is not None else stderr).print(text)


def _open_input(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", EXIT_INPUT) from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file", EXIT_INPUT) from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})", EXIT_INPUT) from None


def _open_output(out: str | None) -> IO[str]:
    if out is None:
        return sys.stdout
    try:
        # newline="" so that the csv module's \r\n line endings are written as they are.
        return open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise CommandError(f"{out}: cannot be written ({exc.strerror or exc})", EXIT_INPUT) from None


def _refuse_unreadable_content(path: Path, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CommandError(f"{path}: is UTF-16 encoded; save it as UTF-8 and try again",
                           EXIT_INPUT)
    if b"\x00" in head:
        raise CommandError(
            f"{path}: looks like a binary file (it contains NUL bytes), not CSV or JSONL text",
            EXIT_INPUT)


def _sniff_format(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if stripped.startswith(b"{") else "csv"


def _file_size(path: Path) -> int | None:
    try:
        return path.stat().st_size or None
    except OSError:
        return None


class _CountingLines:
    """The file's lines as text, one at a time, keeping count of lines and bytes read.

    Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``) so that one
    bad line can be reported by number and skipped instead of failing the whole file.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.line_number = 0
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self._handle:
            self.line_number += 1
            self.bytes_read += len(raw)
            if self.line_number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield raw.decode("utf-8", "surrogateescape")


def _undecodable(value: str) -> str | None:
    """Why the text holds bytes that were not UTF-8, or None when it is clean."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = ord(value[exc.start]) - 0xDC00
        return (f"not valid UTF-8 (byte 0x{byte:02x}); is the file in another encoding? "
                "save it as UTF-8")
    return None


def _jsonl_records(lines: _CountingLines) -> Iterator[_Row | _Problem]:
    for line in lines:
        number = lines.line_number
        if not line.strip():
            continue
        problem = _undecodable(line)
        if problem:
            yield _Problem(number, problem)
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _Problem(number, f"not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(data, dict):
            yield _Problem(number, "expected a JSON object with a `reply` field")
            continue
        yield _row_from_fields(number, data)


def _csv_records(lines: _CountingLines, path: Path) -> Iterator[_Row | _Problem]:
    """Check the header now, before any output is created; then yield the rows lazily."""
    # Replies can be long; the csv module's default limit is 128 KiB per field.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return iter(())
    except csv.Error as exc:
        raise CommandError(f"{path}: line 1: the CSV header cannot be read ({exc})", EXIT_INPUT)
    columns = [name.strip().lower() for name in header]
    if _undecodable("".join(columns)):
        raise CommandError(f"{path}: line 1: the header is not valid UTF-8; save the file as "
                           "UTF-8", EXIT_INPUT)
    if "reply" not in columns:
        raise CommandError(
            f"{path}: the CSV has no `reply` column (its columns are: {', '.join(header) or 'none'})",
            EXIT_INPUT)
    return _csv_rows(reader, columns, lines)


def _csv_rows(reader, columns: list[str], lines: _CountingLines) -> Iterator[_Row | _Problem]:
    while True:
        start = lines.line_number + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _Problem(start, f"not valid CSV ({exc})")
            continue
        if not values or not any(v.strip() for v in values):
            continue
        problem = next(filter(None, map(_undecodable, values)), None)
        if problem:
            yield _Problem(start, problem)
            continue
        fields = {name: value for name, value in zip(columns, values) if name}
        yield _row_from_fields(start, fields)


def _row_from_fields(line: int, data: dict) -> _Row | _Problem:
    reply = data.get("reply")
    if reply is None:
        return _Problem(line, "missing `reply`")
    if not isinstance(reply, str):
        return _Problem(line, f"`reply` must be text, not {type(reply).__name__}")
    if not reply.strip():
        return _Problem(line, "`reply` is empty")
    for key in ("post", "poster"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            return _Problem(line, f"`{key}` must be text, not {type(value).__name__}")
    clinicians = data.get("providers", data.get("clinicians")) or ()
    if isinstance(clinicians, str):
        clinicians = [name for name in clinicians.split(";") if name.strip()]
    if not isinstance(clinicians, (list, tuple)) or not all(isinstance(c, str) for c in clinicians):
        return _Problem(line, "`providers` must be a list of names")
    ident = data.get("id")
    return _Row(line=line, reply=reply, post=data.get("post") or "",
                poster=data.get("poster") or "", ident=ident,
                clinicians=tuple(c.strip() for c in clinicians))


def _result(record: _Row, screening) -> dict:
    result = {"line": record.line}
    if record.ident is not None:
        result["id"] = record.ident
    result.update(screening.as_dict())
    result["reply"] = record.reply
    return result


class _JsonlWriter:
    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, record: _Row, screening) -> None:
        self._out.write(json.dumps(_result(record, screening), ensure_ascii=False) + "\n")


class _CsvWriter:
    COLUMNS = ("line", "id", "verdict", "tone", "language", "categories", "finding_count",
               "findings", "safe_alternative", "reply")

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out)
        self._writer.writerow(self.COLUMNS)

    def write(self, record: _Row, screening) -> None:
        result = _result(record, screening)
        self._writer.writerow((
            record.line,
            "" if record.ident is None else record.ident,
            result["verdict"],
            result["tone"],
            result["language"],
            ";".join(result["categories"]),
            len(result["findings"]),
            json.dumps(result["findings"], ensure_ascii=False),
            result["safe_alternative"],
            record.reply,
        ))


# --- safereply eval -----------------------------------------------------------------


def _eval_command(args: argparse.Namespace, stderr: Console) -> int:
    from safereply.screening.evaluation import LabeledFileError, evaluate, iter_labeled_jsonl

    rows: list[dict] = []
    skipped = 0
    for name in args.files:
        try:
            for line, row, problem in iter_labeled_jsonl(name):
                if problem is not None:
                    skipped += 1
                    stderr.print(Text(f"{name}: line {line}: {problem}; skipped", style="yellow"))
                else:
                    rows.append(row)
        except LabeledFileError as exc:
            raise CommandError(str(exc), EXIT_INPUT) from None
    report = evaluate(rows)
    if skipped:
        report["skipped_lines"] = skipped
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    else:
        _print_report(Console(highlight=False), report, args.files)
    if skipped:
        stderr.print(Text(f"skipped {skipped} malformed line{'s' if skipped != 1 else ''} "
                          "(exit code 5)", style="yellow"))
        return EXIT_PARTIAL
    return EXIT_PASS


def _print_report(console: Console, report: dict, files: list[str]) -> None:
    from rich.bar import Bar
    from rich.table import Table

    def number(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    def bar(value: float | None) -> Bar | str:
        return "" if value is None else Bar(size=1.0, begin=0.0, end=value, width=30,
                                             color="green" if value >= 0.9 else "yellow")

    console.print(Text(f"Evaluated {report['n']} labeled replies from {', '.join(files)}",
                       style="bold"))
    confusion = report["confusion"]
    console.print(Text(
        f"blocked {confusion['true_positives']} of "
        f"{confusion['true_positives'] + confusion['false_negatives']} violations; "
        f"blocked {confusion['false_positives']} of "
        f"{confusion['false_positives'] + confusion['true_negatives']} safe replies",
        style="dim"))

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("violation")
    table.add_column("score", justify="right")
    table.add_column("")
    for label, key in (("precision", "precision"), ("recall", "recall"), ("F1", "f1"),
                       ("tone accuracy", "tone_accuracy")):
        table.add_row(label, number(report[key]), bar(report[key]))
    table.add_row("n", str(report["n"]), "")
    console.print(table)
    console.print()

    categories = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    categories.add_column("category recall")
    categories.add_column("score", justify="right")
    categories.add_column("cases", justify="right")
    categories.add_column("")
    for category, value in report["per_category_recall"].items():
        categories.add_row(category, number(value), str(report["per_category_support"][category]),
                           bar(value))
    if report["per_category_recall"]:
        console.print(categories)
        console.print()

    if "per_language" in report:
        languages = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for column in ("language", "n", "precision", "recall", "F1", "tone accuracy"):
            languages.add_column(column, justify="left" if column == "language" else "right")
        languages.add_column("recall")
        for lang, scores in report["per_language"].items():
            languages.add_row(lang, str(scores["n"]), number(scores["precision"]),
                              number(scores["recall"]), number(scores["f1"]),
                              number(scores["tone_accuracy"]), bar(scores["recall"]))
        console.print(languages)
        console.print()

    for title, cases in (("False positives (blocked, labeled safe)", report["false_positives"]),
                         ("False negatives (not blocked, labeled violation)",
                          report["false_negatives"])):
        console.print(Text(f"{title}: {len(cases)}", style="bold underline"))
        for case in cases:
            line = Text(f"{case['id'] or '(no id)'}", style="bold")
            line.append(f"  [{case['verdict']}]")
            line.append(f"  found: {', '.join(case['categories_found']) or '-'}")
            line.append(f"  expected: {', '.join(case['categories_expected']) or '-'}")
            console.print(line)
            console.print(Text("    " + case["reply"], style="dim"))
        console.print()


def _silence_stdout() -> None:
    # Python would otherwise complain again while flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
