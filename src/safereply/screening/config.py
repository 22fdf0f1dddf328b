"""Read an organization's own details from a file, for screening outside the web application.

The organization's phone numbers, e-mail addresses, street addresses and web pages are
never a disclosure, and its clinicians' names are only a disclosure when tied to a person;
the engine needs both to tell them apart. The file is JSON or TOML (chosen by extension,
``.toml`` for TOML, anything else JSON) with these keys, all optional::

    {
      "name": "Hillside Family Medicine",
      "phones": ["(555) 010-2000"],
      "emails": ["patientrelations@hillside.example"],
      "addresses": ["12 Main Street, Springfield"],
      "urls": ["https://hillside.example"],
      "holding_reply": "Thank you for your feedback ...",
      "clinicians": ["Dr. Carol Jennings", "Paul Okoro, NP"]
    }

Unknown keys are refused rather than ignored: a misspelt "phone" would otherwise silently
let the organization's own number be flagged, or worse, hide that the file is wrong.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from safereply.screening.findings import Context, Organization, PatientRecord

_LIST_KEYS = ("phones", "emails", "addresses", "urls", "clinicians")
_TEXT_KEYS = ("name", "holding_reply")
KNOWN_KEYS = frozenset(_LIST_KEYS + _TEXT_KEYS)


class ConfigError(ValueError):
    """The organization file cannot be used; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True, slots=True)
class OrganizationConfig:
    organization: Organization = field(default_factory=Organization)
    clinicians: tuple[str, ...] = ()

    def context(
        self,
        *,
        post: str = "",
        poster: str = "",
        clinicians: tuple[str, ...] = (),
        patient: PatientRecord | None = None,
    ) -> Context:
        """A Context for one reply; extra clinicians are added to the configured ones."""
        merged = tuple(dict.fromkeys(self.clinicians + tuple(clinicians)))
        return Context(
            post=post,
            poster=poster,
            organization=self.organization,
            clinicians=merged,
            patient=patient,
        )


def load_organization_config(path: str | Path) -> OrganizationConfig:
    """Read and check an organization file; raise ConfigError naming any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    return parse_organization_config(text, source=path)


def parse_organization_config(text: str, *, source: str | Path = "<config>") -> OrganizationConfig:
    if Path(str(source)).suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, f"is not valid TOML: {exc}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                source, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    return config_from_mapping(data, source=source)


def config_from_mapping(data: object, *, source: str | Path = "<config>") -> OrganizationConfig:
    if not isinstance(data, dict):
        raise ConfigError(
            source, f"must hold an object with named fields, not {_type_name(data)}"
        )
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            source,
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            f" (known keys: {', '.join(sorted(KNOWN_KEYS))})",
        )
    for key in _TEXT_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(source, f"{key!r} must be a string, not {_type_name(value)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise ConfigError(
                source, f"{key!r} must be a list of strings, not {_type_name(value)}"
            )
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(
                    source,
                    f"{key!r} item {index + 1} must be a non-empty string,"
                    f" not {_type_name(item) if not isinstance(item, str) else 'an empty one'}",
                )
        lists[key] = tuple(item.strip() for item in value)
    organization = Organization(
        name=(data.get("name") or "").strip(),
        phones=lists["phones"],
        emails=lists["emails"],
        addresses=lists["addresses"],
        urls=lists["urls"],
        holding_reply=data.get("holding_reply"),
    )
    return OrganizationConfig(organization=organization, clinicians=lists["clinicians"])


def _type_name(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
