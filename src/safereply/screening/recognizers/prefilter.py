"""Skip the regular expressions that cannot match: a cheap trigger scan before a family runs.

For every pattern we work out, from its parsed form, the literal strings any match must
start with ("your care noun" matches start with "your" or "ur"). One scan of the text
with a trie of all those strings (a single regex, tried at each position) tells which
strings occur; a pattern none of whose strings occurs cannot match anywhere, so it is not
run. Patterns whose start cannot be pinned to literals are always run. The result is the
same set of matches as running every pattern: this only removes work.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812
from re import _parser as sre_parse
from typing import Iterable, Sequence

_MAX_PREFIXES = 400
_MAX_LENGTH = 10


class _Stop(Exception):
    pass


def _expand(items, current: set[str]) -> tuple[set[str], bool]:
    """Literal prefixes after ``items``: (strings, whether the whole sequence was literal)."""
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: only restricts where a match may be
        if max((len(s) for s in current), default=0) >= _MAX_LENGTH:
            return current, False
        if op is C.LITERAL:
            current = {s + chr(av) for s in current}
        elif op is C.IN:
            chars = []
            for kind, value in av:
                if kind is not C.LITERAL:
                    return current, False
                chars.append(chr(value))
            if len(current) * len(chars) > _MAX_PREFIXES:
                return current, False
            current = {s + ch for s in current for ch in chars}
        elif op is C.SUBPATTERN:
            sub = av[-1]
            current, whole = _expand(sub, current)
            if not whole:
                return current, False
        elif op is C.BRANCH:
            union: set[str] = set()
            whole = True
            for alternative in av[1]:
                strings, all_literal = _expand(alternative, current)
                union |= strings
                whole = whole and all_literal
                if len(union) > _MAX_PREFIXES:
                    return current, False
            current = union
            if not whole:
                return current, False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, sub = av
            if low == 0:
                return current, False
            strings, whole = _expand(sub, current)
            if not (whole and low == high == 1):
                return strings, False
            current = strings
        else:
            return current, False
    return current, True


def literal_prefixes(regex: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``regex`` starts with, or None if unknown.

    Only for patterns run case-sensitively (the literals are taken as written).
    """
    if flags & re.IGNORECASE:
        return None
    try:
        strings, _ = _expand(sre_parse.parse(regex, flags), {""})
    except (_Stop, RecursionError):
        return None
    if not strings or "" in strings or len(strings) > _MAX_PREFIXES:
        return None
    # A string with a longer one in the set that it prefixes adds nothing; keep the short.
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(s.startswith(k) for k in kept):
            kept.append(s)
    return frozenset(kept)


def _trie_regex(strings: Iterable[str]) -> str:
    trie: dict = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "|".join(branches)
        # Children first, so the longest string present at a position is the one reported.
        return f"(?:{body}|)" if ends else f"(?:{body})"

    return render(trie)


class Prefilter:
    """Which of ``patterns`` (regex strings) could match a given text."""

    def __init__(self, regexes: Sequence[str]) -> None:
        self.count = len(regexes)
        self.always: list[int] = []
        self.by_string: dict[str, list[int]] = {}
        for index, regex in enumerate(regexes):
            strings = literal_prefixes(regex)
            if strings is None:
                self.always.append(index)
                continue
            for s in strings:
                self.by_string.setdefault(s, []).append(index)
        self.scan = re.compile("(?=(" + _trie_regex(self.by_string) + "))") if self.by_string else None
        self._hits: dict[str, frozenset[int]] = {}

    def _triggered_by(self, found: str) -> frozenset[int]:
        """The patterns one of whose strings is a prefix of ``found`` (the longest present)."""
        hit = self._hits.get(found)
        if hit is None:
            hit = frozenset(
                index
                for k in range(1, len(found) + 1)
                for index in self.by_string.get(found[:k], ())
            )
            self._hits[found] = hit
        return hit

    def candidates(self, text: str) -> list[int]:
        """Indexes (ascending) of the patterns that may match somewhere in ``text``."""
        chosen = set(self.always)
        if self.scan is not None:
            for found in set(self.scan.findall(text)):
                chosen |= self._triggered_by(found)
        return sorted(chosen)


# ---------------------------------------------------------------------------------------
# Leading word boundaries

_PLAIN_WORD_CHAR = re.compile(r"[a-z0-9áéíóúñü]")


def _split_alternatives(body: str) -> list[str] | None:
    """Top-level alternatives of a group body, or None if it cannot be scanned safely."""
    parts, depth, start, k = [], 0, 0, 0
    in_class = False
    while k < len(body):
        ch = body[k]
        if ch == "\\":
            k += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(body[start:k])
            start = k + 1
        k += 1
    if depth or in_class:
        return None
    parts.append(body[start:])
    return parts


def _group_end(regex: str, open_at: int) -> int | None:
    """Index of the ')' closing the group opened at ``open_at``."""
    depth, k, in_class = 0, open_at, False
    while k < len(regex):
        ch = regex[k]
        if ch == "\\":
            k += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return None


_MAX_ALTERNATIVES = 400
# "(?:^|(?<=X))" with X a fixed-width look-behind body without groups: the start of the
# text or just after X.
_LINE_OR_AFTER = re.compile(r"\(\?:\^\|\(\?<=((?:[^()\[\]\\]|\\.|\[(?:[^\]\\]|\\.)*\])+)\)\)")


def _lead_alternatives(regex: str) -> list[str] | None:
    """``regex`` (one alternative, no top-level ``|``) as an ordered list of alternatives
    that each start with a plain word character, or None if it cannot be written so.

    ``(?:A|B)C`` is tried exactly like ``AC|BC`` (A then C, on failure B then C), so a
    leading group is distributed over what follows it.
    """
    if regex[:1] and _PLAIN_WORD_CHAR.fullmatch(regex[0]):
        if regex[1:2] in ("?", "*", "{", "+"):
            return None  # the first character is quantified
        return [regex]
    opening = _LINE_OR_AFTER.match(regex)
    if opening and _PLAIN_WORD_CHAR.fullmatch(regex[opening.end() : opening.end() + 1]) and (
            regex[opening.end() + 1 : opening.end() + 2] not in ("?", "*", "{", "+")):
        # "(?:^|(?<=X))c..." (the start, or after X) is tried exactly like
        # "c(?:(?<=^c)|(?<=Xc))...": the same two tests, made after reading c.
        c = regex[opening.end()]
        return [c + "(?:(?<=^" + c + ")|(?<=" + opening.group(1) + c + "))" + regex[opening.end() + 1 :]]
    if regex.startswith("(?:"):
        end = _group_end(regex, 0)
        if end is None:
            return None
        suffix = regex[end + 1 :]
        optional = suffix[:1] == "?" and suffix[1:2] not in ("?", "+")
        if optional:
            suffix = suffix[1:]  # greedy (?:A)?C is tried exactly like (?:AC|C)
        elif suffix[:1] in ("?", "*", "{", "+"):
            return None
        inner = _split_alternatives(regex[3:end])
        if inner is None:
            return None
        out: list[str] = []
        for alternative in inner + ([""] if optional else []):
            expanded = _lead_alternatives(alternative + suffix)
            if expanded is None:
                return None
            out.extend(expanded)
            if len(out) > _MAX_ALTERNATIVES:
                return None
        return out
    return None


def fast_boundaries(regex: str) -> str:
    """The same regular expression, rewritten so the regex engine can skip ahead.

    When every top-level alternative starts with ``\\b`` and a word character (or a group
    of such), the alternatives are grouped by first character (alternatives with different
    first characters can never both match at one position, and the order within a group is
    kept) and the boundary moves after that character: ``\\bx...`` is the same as
    ``x(?<!\\w.)...``, since the boundary before a word character x holds exactly when
    the character before x is not a word character. The regex then starts with a literal
    or a set of literals, which the engine searches for quickly instead of testing a
    boundary at every position. Anything else is returned unchanged. Case-sensitive
    patterns only (with IGNORECASE the engine has no fast search for letters).
    """
    top = _split_alternatives(regex)
    if top is None:
        return regex
    flat: list[str] = []
    for alternative in top:
        if not alternative.startswith(r"\b"):
            return regex
        expanded = _lead_alternatives(alternative[2:])
        if expanded is None:
            return regex
        flat.extend(expanded)
    if len(flat) > _MAX_ALTERNATIVES:
        return regex
    groups: dict[str, list[str]] = {}
    for alternative in flat:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    parts = [first + r"(?<!\w.)(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


class PatternGroup:
    """Run a family's patterns (each separately, in order) with one cheap scan first.

    The patterns whose leading boundary can be moved (see ``fast_boundaries``) are also
    joined into one alternation. Its leftmost match is the leftmost match of any of them,
    so when it finds nothing none of them can match, and otherwise none of them can match
    before that position: each then searches from there. Searching from a position still
    sees the characters before it (for ``\\b`` and look-behinds), so the matches are the
    same as searching the whole text. Patterns that cannot be joined always run in full.
    """

    def __init__(self, regexes: Sequence[str]) -> None:
        self.regexes = tuple(regexes)
        self.compiled: list[re.Pattern] = []
        self.gated: list[bool] = []
        self.gate: re.Pattern | None = None
        self.after_start: list[re.Pattern | None] = []
        self.ready = False

    def _compile(self) -> None:
        """Compiled on first use: a family's patterns for a language never used cost nothing."""
        regexes = self.regexes
        self.compiled = [re.compile(fast_boundaries(r)) for r in regexes]
        self.gated = [fast_boundaries(r) != r for r in regexes]
        joined = [r for r, g in zip(regexes, self.gated) if g]
        self.gate = re.compile(fast_boundaries("|".join(joined))) if joined else None
        # Ungated patterns opening with "(?:^|A|B)": see _after_start.
        self.after_start = [None if g else _after_start(r) for r, g in zip(regexes, self.gated)]
        self.ready = True

    def finditer_all(self, text: str) -> list[tuple[int, re.Match]]:
        """(pattern index, match) for every match of every pattern, pattern by pattern."""
        if not self.ready:
            self._compile()
        start = None
        if self.gate is not None:
            first = self.gate.search(text)
            start = first.start() if first is not None else -1
        out = []
        for index, compiled in enumerate(self.compiled):
            if self.gated[index]:
                if start < 0:
                    continue
                out.extend((index, m) for m in compiled.finditer(text, start))
            elif self.after_start[index] is not None:
                # The match at 0 (if any) of the whole pattern, then the rest from there.
                first_match = compiled.match(text)
                if first_match is not None:
                    out.append((index, first_match))
                rest = self.after_start[index]
                out.extend((index, m) for m in rest.finditer(text, first_match.end() if first_match else 1))
            else:
                out.extend((index, m) for m in compiled.finditer(text))
        return out


def _after_start(regex: str) -> re.Pattern | None:
    """For ``(?:^|A|B...)C`` (no flags, never an empty match): ``(?:A|B...)C``, which
    matches exactly like it at every position but 0 (``^`` holds only there). The regex
    engine can then skip ahead to A's and B's first characters instead of trying every
    position. None for any other regex."""
    if not regex.startswith("(?:^|"):
        return None
    end = _group_end(regex, 0)
    if end is None or regex[end + 1 : end + 2] in ("?", "*", "{", "+"):
        return None
    if _split_alternatives(regex) != [regex]:
        return None  # a top-level alternation: not one group followed by the rest
    alternatives = _split_alternatives(regex[3:end])
    if alternatives is None or alternatives[0] != "^" or "^" in alternatives[1:] or len(alternatives) < 2:
        return None
    try:
        if sre_parse.parse(regex).getwidth()[0] == 0:
            return None  # an empty match would change how the search steps on
    except re.error:
        return None
    return re.compile("(?:" + "|".join(alternatives[1:]) + ")" + regex[end + 1 :])


_LOWERED: dict[re.Pattern, re.Pattern | None] = {}


def for_lowercase_ascii(pattern: re.Pattern) -> re.Pattern:
    """A faster pattern with the same matches as ``pattern`` on lowercased ASCII text.

    An IGNORECASE pattern without capital letters (so without \\\\S, \\\\W, \\\\B, \\\\D either)
    matches a lowercased ASCII text exactly as the same pattern without IGNORECASE does,
    and that one can have its leading boundaries moved (``fast_boundaries``). Only for text
    that is ASCII: IGNORECASE also lets "s" match the long s, for example. Any other
    pattern is returned as it is.
    """
    fast = _LOWERED.get(pattern, False)
    if fast is False:
        source = pattern.pattern
        if isinstance(source, str) and not any(ch.isupper() for ch in source):
            flags = pattern.flags & ~(re.IGNORECASE | re.UNICODE)
            fast = re.compile(fast_boundaries(source), flags)
        else:
            fast = pattern
        _LOWERED[pattern] = fast
    return fast
