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
# Private modules of the standard library (the parser behind re.compile), which typeshed
# does not describe: typed as Any here.
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from safereply.screening.recognizers.base import Doc

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


# ---------------------------------------------------------------------------------------
# Literal requirements: words or strings without which a pattern cannot match

_EDGE = "\x00"  # zero width: a word boundary or the start of the text (\b, ^, \A)
_SPACE = "\x01"  # one whitespace character or more (\s, \s+)
_WORD_RUN = re.compile(r"\w+")
_MAX_REQUIREMENT_LENGTH = 40
_MAX_MARKED = 4000
_MAX_OPEN = 600  # prefixes followed through a branch at once; more end before it
_MAX_TRIED = 20  # start positions tried one by one; with more, one search
_MAX_SUBSTRINGS = 12  # a requirement with more substrings costs more than it saves

# Words in nearly every reply: a test on one of them rarely skips anything.
_COMMON_WORDS = frozenset(
    """a an the to of in on at for and or but not no is it its it's this that these those
    we us our you your they them their he she his her be are was were have has had been
    with about what there do does did can will would just so as if by from all
    s t re ve ll d m don doesn isn aren won didn wasn weren haven hasn couldn wouldn
    de la el los las que en lo le les se es un una por con su sus para nos no""".split()
)

# A requirement holds for a text when one of its words is a whole word of the text (a
# maximal run of \w), one of its pairs two successive words of the text, or one of its
# strings occurs in the text.
Requirement = tuple[frozenset[str], frozenset[tuple[str, str]], tuple[str, ...]]


def _expand_marked(items: Any, open_: set[str], closed: set[str]) -> set[str]:
    """Like ``_expand``, but also through ``\b``, ``^`` and ``\s``, written as markers
    (``_EDGE``, ``_SPACE``), so that a prefix can tell where a whole word lies; and each
    prefix goes on as far as it can on its own (an alternative that stops, stops alone).

    ``open_`` are prefixes still being extended; those that cannot go further are added
    to ``closed``. Returns the prefixes still open after ``items``."""
    for op, av in items:
        if not open_:
            return open_
        if op is C.ASSERT or op is C.ASSERT_NOT:
            continue  # zero width: only restricts where a match may be
        if len(open_) + len(closed) > _MAX_MARKED:
            raise _Stop
        long = {s for s in open_ if len(s) >= _MAX_REQUIREMENT_LENGTH}
        if long:
            closed |= long
            open_ = open_ - long
        if op is C.AT:
            if av is C.AT_BOUNDARY or av is C.AT_BEGINNING or av is C.AT_BEGINNING_STRING:
                open_ = {s + _EDGE for s in open_}
                continue
        elif op is C.LITERAL:
            open_ = {s + chr(av) for s in open_}
            continue
        elif op is C.IN:
            if av == [(C.CATEGORY, C.CATEGORY_SPACE)]:
                open_ = {s + _SPACE for s in open_}
                continue
            chars: list[str] = []
            for kind, value in av:
                if kind is not C.LITERAL:
                    break
                chars.append(chr(value))
            else:
                open_ = {s + ch for s in open_ for ch in chars}
                continue
        elif op is C.SUBPATTERN:
            if not (av[1] or av[2]):  # (no inline flags)
                open_ = _expand_marked(av[-1], open_, closed)
                continue
        elif op is C.BRANCH:
            if len(open_) * len(av[1]) > _MAX_OPEN:
                closed |= open_  # too many to follow: the prefixes so far end here
                return set()
            union: set[str] = set()
            for alternative in av[1]:
                union |= _expand_marked(alternative, set(open_), closed)
            open_ = union
            continue
        elif op is C.MAX_REPEAT or op is C.MIN_REPEAT:
            low, high, sub = av
            if list(sub) == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
                # \s+ is one marker (the tests split strings at markers, so one or more
                # whitespace characters read the same); \s* may also be nothing.
                spaced = {s + _SPACE for s in open_}
                open_ = spaced if low else open_ | spaced
                continue
            once = _expand_marked(sub, set(open_), closed)
            if low == 0 and high == 1:
                open_ = open_ | once  # skipped, or taken once
                continue
            if low == 0:
                closed |= once  # taken: more may follow, so these stop here
                continue  # or skipped
            if low == high == 1:
                open_ = once
                continue
            closed |= once  # the first repetition is certain; then stop
            return set()
        closed |= open_  # anything else: the prefixes end here
        return set()
    return open_


def _rarity(word: str) -> float:
    """A rough chance that a reply holds ``word`` (only used to choose among true tests)."""
    if word in _COMMON_WORDS:
        return 0.5
    return 0.3 * 0.7 ** max(0, len(word) - 4) if len(word) > 4 else 0.3


_TESTS: dict[tuple[str, bool], tuple[str, tuple[str, str] | None, str]] = {}


def _test_of(marked: str, searches: bool = True) -> tuple[str, tuple[str, str] | None, str]:
    """``_chosen_test`` of a marked prefix, kept (prefixes recur across the analyses)."""
    key = (marked, searches)
    test = _TESTS.get(key)
    if test is None:
        test = _TESTS[key] = _chosen_test(marked, searches)
    return test


def _chosen_test(marked: str, searches: bool) -> tuple[str, tuple[str, str] | None, str]:
    """What a text holding ``marked`` (a prefix with markers) must contain, as
    (word, pair, substring), one of them set: two whole words one right after the other
    (word runs in ``marked`` with only markers or non-word characters between and around
    them), or one whole word, or a literal run between whitespace markers. Any of them
    is a true condition; the rarest is chosen, so that the pattern is skipped most often
    (without ``searches``, a substring only instead of a common word or none)."""
    runs = [run for run in _WORD_RUN.finditer(marked) if run.start() > 0 and run.end() < len(marked)]
    best: tuple[str, tuple[str, str] | None, str] = ("", None, "")
    best_chance = 2.0
    for first, second in zip(runs, runs[1:]):
        if _WORD_RUN.search(marked, first.end(), second.start()) is None:
            chance = _rarity(first.group()) * _rarity(second.group())
            if chance < best_chance:
                best, best_chance = ("", (first.group(), second.group()), ""), chance
    for run in runs:
        chance = _rarity(run.group())
        if chance < best_chance:
            best, best_chance = (run.group(), None, ""), chance
    for part in marked.split(_SPACE):
        literal = part.replace(_EDGE, "")
        chance = 0.95 if len(literal) <= 2 else 2.5 * _rarity(literal) if literal else 2.0  # (a search costs more)
        if chance < best_chance and (searches or best_chance >= 0.5):
            best, best_chance = ("", None, literal), chance
    return best


def _requirement(strings: set[str], searches: bool) -> Requirement | None:
    """The requirement that one of ``strings`` (marked prefixes) be in a text."""
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    substrings: set[str] = set()
    for marked in strings:
        word, pair, substring = _test_of(marked, searches)
        if pair is not None:
            pairs.add(pair)
        elif word:
            words.add(word)
        elif substring:
            substrings.add(substring)
        else:
            return None  # a prefix of markers only: no condition
    # A string holding another adds nothing (the shorter test is passed first).
    kept = tuple(sorted((s for s in substrings if not any(o != s and o in s for o in substrings)), key=len))
    if len(kept) > _MAX_SUBSTRINGS:
        return None
    return frozenset(words), frozenset(pairs), kept


# Analyses of the module's own patterns (several groups share patterns), kept per regex.
_REQUIREMENTS: dict[str, list[Requirement] | None] = {}
_STARTS: dict[str, Starts | None] = {}


def requirements(regex: str) -> list[Requirement] | None:
    if regex not in _REQUIREMENTS:
        _REQUIREMENTS[regex] = _requirements(regex)
    return _REQUIREMENTS[regex]


def _requirements(regex: str) -> list[Requirement] | None:
    """Necessary conditions for ``regex`` (run case-sensitively) to match a text.

    Every match holds, at the start of the pattern and after each top-level ``\b``,
    ``^`` or ``\s``, one of the literal prefixes of the rest of the pattern; a prefix
    yields a whole word when word characters in it are closed by markers or other
    characters on both sides (a match then holds that maximal run of \\w), else a
    substring. None when nothing useful is known."""
    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE | re.VERBOSE | re.DOTALL):
        return None
    items = list(parsed)
    found: list[Requirement] = []
    for j in range(len(items)):
        if j and not (items[j - 1][0] is C.AT or (items[j - 1][0] in (C.IN, C.MAX_REPEAT, C.MIN_REPEAT)
                                                   and "CATEGORY_SPACE" in str(items[j - 1][1]))):
            continue  # only after a gap: inside a word the prefixes say less
        strings: set[str] = set()
        try:
            # After a gap the character before is not a word character (or there is none).
            strings |= _expand_marked(items[j:], {_EDGE if j else ""}, strings)
        except (_Stop, RecursionError):
            continue
        for searches in (True, False):
            requirement = _requirement(strings, searches)
            if requirement is not None:
                if requirement not in found:
                    found.append(requirement)
                break
    return found or None


# Where a match may start: the literal each match starts with, filed under a test (a
# word, a pair of successive words, a substring) that the text passes wherever that
# literal starts a match; literals under no test are always looked for.
class Starts:
    __slots__ = ("by_word", "by_pair", "by_substring", "always", "word_keys", "pair_keys")

    def __init__(self) -> None:
        self.by_word: dict[str, frozenset[str]] = {}
        self.by_pair: dict[tuple[str, str], frozenset[str]] = {}
        self.by_substring: tuple[tuple[str, frozenset[str]], ...] = ()
        self.always: frozenset[str] = frozenset()
        # The keys of by_word and by_pair, kept as sets: frozenset.intersection walks the
        # smaller side, where ``dict.keys() & s`` first copied every key into a new set.
        self.word_keys: frozenset[str] = frozenset()
        self.pair_keys: frozenset[tuple[str, str]] = frozenset()

    def literals(self, words: set[str], pairs: set[tuple[str, str]], text: str) -> set[str]:
        """The literals to look for in ``text`` (its words: ``words``; ``pairs``: its pairs
        of successive words, or at least all of them that are keys of ``by_pair``)."""
        found: set[str] = set(self.always)
        by_word = self.by_word
        word: str
        for word in self.word_keys.intersection(words):
            found |= by_word[word]
        if self.by_pair:
            by_pair = self.by_pair
            pair: tuple[str, str]
            for pair in self.pair_keys.intersection(pairs):
                found |= by_pair[pair]
        for substring, literals in self.by_substring:
            if substring in text:
                found |= literals
        return found


def start_literals(regex: str) -> Starts | None:
    if regex not in _STARTS:
        _STARTS[regex] = _start_literals(regex)
    return _STARTS[regex]


def _start_literals(regex: str) -> Starts | None:
    """Where matches of ``regex`` (case-sensitive) may start (see ``Starts``), or None
    when unknown (or when the pattern can match the empty string).

    Each literal prefix of the pattern (with markers, see ``_expand_marked``) begins, after
    any leading boundary, with a literal run that a match starting there begins with; the
    test of the prefix (``_test_of``) holds for any text with such a match."""
    try:
        parsed = sre_parse.parse(regex)
        if parsed.getwidth()[0] == 0:
            return None  # an empty match would change how a search steps on
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE | re.VERBOSE | re.DOTALL):
        return None
    strings: set[str] = set()
    try:
        strings |= _expand_marked(list(parsed), {""}, strings)
    except (_Stop, RecursionError):
        return None
    by_word: dict[str, set[str]] = {}
    by_pair: dict[tuple[str, str], set[str]] = {}
    by_substring: dict[str, set[str]] = {}
    always: set[str] = set()
    for marked in strings:
        rest = marked.lstrip(_EDGE)
        end = len(rest)
        for k, ch in enumerate(rest):
            if ch == _EDGE or ch == _SPACE:
                end = k
                break
        literal = rest[:end]
        if not literal:
            return None
        word, pair, substring = _test_of(marked, False)
        if pair is not None:
            by_pair.setdefault(pair, set()).add(literal)
        elif word:
            by_word.setdefault(word, set()).add(literal)
        elif substring:
            by_substring.setdefault(substring, set()).add(literal)
        else:
            always.add(literal)
    starts = Starts()
    starts.by_word = {key: frozenset(value) for key, value in by_word.items()}
    starts.by_pair = {key: frozenset(value) for key, value in by_pair.items()}
    starts.by_substring = tuple((key, frozenset(value)) for key, value in sorted(by_substring.items()))
    starts.always = frozenset(always)
    starts.word_keys = frozenset(starts.by_word)
    starts.pair_keys = frozenset(starts.by_pair)
    return starts


def _minimal(literals: set[str]) -> list[str]:
    """Where a literal occurs, any literal it starts with occurs too: the shortest ones."""
    if len(literals) == 1:
        return list(literals)
    return [x for x in literals if not any(o != x and x.startswith(o) for o in literals)]


class TextWords:
    """The words of a text (maximal runs of \\w), and (when asked) its pairs of
    successive words."""

    __slots__ = ("text", "owner", "listed", "words", "_pairs")

    def __init__(self, text: str, owner: Doc | None, listed: list[str]) -> None:
        self.text = text
        self.owner = owner
        self.listed = listed
        self.words: set[str] = set(listed)
        self._pairs: set[tuple[str, str]] | None = None

    def pairs(self) -> set[tuple[str, str]]:
        pairs = self._pairs
        if pairs is None:
            listed = self.listed
            pairs = self._pairs = set(zip(listed, listed[1:]))
        return pairs


# The words of the reply being analysed, so that the families that read them find them
# once. Only for the same owner object (one Doc, kept alive while it is here), so nothing
# is ever reused from one analysis to the next, even for the same text.
_LATEST: list[TextWords] = []


# Every ASCII character that \w does not match, to a space: on ASCII text, the words
# (maximal runs of \w) are then exactly what split() returns. Translated as bytes (one
# table lookup per byte, cheaper than str.translate's mapping), far cheaper than a \w+
# search or joining the sentences' tokens.
_NOT_WORD_TO_SPACE = bytes(i if i >= 128 or chr(i).isalnum() or chr(i) == "_" else ord(" ") for i in range(256))


def text_words(text: str, owner: Doc | None = None) -> TextWords:
    """The words of ``text``; with ``owner`` (the analysed reply, whose lowercased text
    ``text`` is), kept for the other families reading the same reply."""
    if owner is not None and _LATEST:
        latest = _LATEST[0]
        if latest.owner is owner and latest.text is text:
            return latest
    listed: list[str] = (
        text.encode("ascii").translate(_NOT_WORD_TO_SPACE).decode("ascii").split() if text.isascii() else _WORD_RUN.findall(text)
    )
    known = TextWords(text, owner, listed)
    if owner is not None:
        _LATEST[:] = [known]
    return known


class PatternGroup:
    """Run a family's patterns (each separately, in order), skipping those that cannot match.

    For each pattern, ``requirements`` gives words or strings that any match must contain
    (from the parsed pattern); a pattern whose requirement fails on the text has no match
    and is not run. Every other pattern runs on the whole text as before, so the matches
    are the same as running every pattern. (A joined gate regex was cheaper than nothing
    but still scanned every letter of the text; the word-set test is a few set lookups.)
    """

    def __init__(self, regexes: Sequence[str]) -> None:
        self.regexes = tuple(regexes)
        self.compiled: list[re.Pattern] = []
        self.tests: list[list[Requirement]] = []
        self.req_by_word: dict[str, list[int]] = {}
        self.req_words: frozenset[str] = frozenset()
        self.req_by_pair: dict[tuple[str, str], list[int]] = {}
        self.req_pairs: frozenset[tuple[str, str]] = frozenset()
        self.req_searched: tuple[tuple[int, tuple[str, ...]], ...] = ()
        self.needs: list[frozenset[int]] = []
        self.starts: list[Starts | None] = []
        self.anchored: list[bool] = []
        self.after_start: list[re.Pattern | None] = []
        # The first words of every pair any test of the group asks about.
        self.pair_firsts: frozenset[str] = frozenset()
        self.ready = False

    def _compile(self) -> None:
        """Compiled on first use: a family's patterns for a language never used cost nothing."""
        regexes = self.regexes
        self.compiled = [re.compile(fast_boundaries(r)) for r in regexes]
        self.tests = [requirements(r) or [] for r in regexes]
        # The requirements filed by what satisfies them, so that one pass over the words
        # of a text finds the satisfied ones (numbered in order) for all the patterns.
        by_word: dict[str, list[int]] = {}
        by_pair: dict[tuple[str, str], list[int]] = {}
        searched: list[tuple[int, tuple[str, ...]]] = []
        needs: list[frozenset[int]] = []
        number = 0
        for tests in self.tests:
            mine: list[int] = []
            for words, pairs, substrings in tests:
                for word in words:
                    by_word.setdefault(word, []).append(number)
                for pair in pairs:
                    by_pair.setdefault(pair, []).append(number)
                if substrings:
                    searched.append((number, substrings))
                mine.append(number)
                number += 1
            needs.append(frozenset(mine))
        self.req_by_word = by_word
        self.req_words = frozenset(by_word)
        self.req_by_pair = by_pair
        self.req_pairs = frozenset(by_pair)
        self.req_searched = tuple(searched)
        self.needs = needs
        self.starts = [start_literals(r) for r in regexes]
        firsts: set[str] = {first for first, _ in by_pair}
        for starts in self.starts:
            if starts is not None:
                firsts.update(first for first, _ in starts.pair_keys)
        self.pair_firsts = frozenset(firsts)
        self.anchored = [_anchored(r) for r in regexes]
        # Patterns opening with "(?:^|A|B)": see _after_start.
        self.after_start = [_after_start(r) if fast_boundaries(r) == r else None for r in regexes]
        self.ready = True

    def finditer_all(self, text: str, owner: Doc | None = None) -> list[tuple[int, re.Match]]:
        """(pattern index, match) for every match of every pattern, pattern by pattern.

        ``owner`` (the analysed reply) lets families share the words of ``text``."""
        if not self.ready:
            self._compile()
        known = text_words(text, owner)
        words = known.words
        out: list[tuple[int, re.Match]] = []
        index: int
        compiled: re.Pattern
        literal: str
        satisfied: set[int] = set()
        by_word = self.req_by_word
        for word in self.req_words.intersection(words):
            satisfied.update(by_word[word])
        # The text's pairs of successive words that a test of the group may ask about:
        # only those whose first word starts such a pair (far fewer tuples to build and
        # hash than all the text's pairs; every test reads only pairs among these).
        pairs: set[tuple[str, str]] = set()
        firsts = self.pair_firsts
        if firsts:
            previous = ""
            following: str
            for following in known.listed:
                if previous in firsts:
                    pairs.add((previous, following))
                previous = following
        if self.req_pairs:
            by_pair = self.req_by_pair
            for pair in self.req_pairs.intersection(pairs):
                satisfied.update(by_pair[pair])
        number: int
        for number, substrings in self.req_searched:
            if number not in satisfied:
                for literal in substrings:
                    if literal in text:
                        satisfied.add(number)
                        break
        needs = self.needs
        for index, compiled in enumerate(self.compiled):
            if not needs[index] <= satisfied:
                continue  # a requirement of the pattern fails: it cannot match
            starts = self.starts[index]
            if starts is not None:
                # Every match starts where one of its first literals occurs. Where they
                # occur a few times, the pattern is tried at those places only, left to
                # right, each after the end of the last match: what finditer does,
                # without trying every other position. Otherwise one search from the
                # first of them (a search from a position still sees the characters
                # before it, for \\b and look-behinds: the same matches).
                literals = _minimal(starts.literals(words, pairs, text))
                positions: list[int] = []
                for literal in literals:
                    found = text.find(literal)
                    while found >= 0 and len(positions) <= _MAX_TRIED:
                        positions.append(found)
                        found = text.find(literal, found + 1)
                if not positions:
                    continue
                if len(positions) > _MAX_TRIED:
                    begin = len(text)
                    for literal in literals:
                        found = text.find(literal)
                        if 0 <= found < begin:
                            begin = found
                    out.extend((index, m) for m in compiled.finditer(text, begin))
                    continue
                positions.sort()
                after = 0
                for position in positions:
                    if position >= after:
                        m = compiled.match(text, position)
                        if m is not None:
                            out.append((index, m))
                            after = m.end()
                continue
            if self.anchored[index]:
                # Only at the start of the text: the search would try every position.
                m = compiled.match(text)
                if m is not None:
                    out.append((index, m))
                continue
            rest = self.after_start[index]
            if rest is not None:
                # The match at 0 (if any) of the whole pattern, then the rest from there.
                first_match = compiled.match(text)
                if first_match is not None:
                    out.append((index, first_match))
                out.extend((index, m) for m in rest.finditer(text, first_match.end() if first_match else 1))
            else:
                out.extend((index, m) for m in compiled.finditer(text))
        return out


def _anchored(regex: str) -> bool:
    """Whether every match of ``regex`` starts at the start of the text (it opens with
    ``^`` or ``\\A``, without MULTILINE): finditer then finds at most the match at 0
    (after it, and after an empty one, the search only looks further on)."""
    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return False
    if parsed.state.flags & re.MULTILINE or not len(parsed):
        return False
    op, av = parsed[0]
    return bool(op is C.AT and (av is C.AT_BEGINNING or av is C.AT_BEGINNING_STRING))


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


_LOWERED: dict[re.Pattern, re.Pattern] = {}


def for_lowercase_ascii(pattern: re.Pattern) -> re.Pattern:
    """A faster pattern with the same matches as ``pattern`` on lowercased ASCII text.

    An IGNORECASE pattern without capital letters (so without \\\\S, \\\\W, \\\\B, \\\\D either)
    matches a lowercased ASCII text exactly as the same pattern without IGNORECASE does,
    and that one can have its leading boundaries moved (``fast_boundaries``). Only for text
    that is ASCII: IGNORECASE also lets "s" match the long s, for example. Any other
    pattern is returned as it is.
    """
    fast = _LOWERED.get(pattern)
    if fast is None:
        source = pattern.pattern
        if isinstance(source, str) and not any(ch.isupper() for ch in source):
            flags = pattern.flags & ~(re.IGNORECASE | re.UNICODE)
            fast = re.compile(fast_boundaries(source), flags)
        else:
            fast = pattern
        _LOWERED[pattern] = fast
    return fast


def doc_tokens(doc: Doc) -> list[list[str]] | None:
    """The sentences' words of ``doc`` when they give the words of ``doc.lower``, else None.

    On ASCII text a sentence's words are its tokens lowercased: runs of letters and
    digits, or several joined by an apostrophe or hyphen. Without "_" in the text, its
    runs of \\w are then exactly those tokens cut at their joiners, in order (only
    whitespace lies outside sentences, and only a sentence cut for length, which leaves
    a piece of 750 characters or more, might cut a word in two)."""
    text = doc.text
    if not text.isascii() or "_" in text:
        return None
    sentences = doc.sentences
    for sentence in sentences:
        if sentence.end - sentence.start >= 750:
            return None
    return [sentence.words for sentence in sentences]


def _requires_digit(regex: str) -> bool:
    """Whether every match of ``regex`` holds a digit: one of its top-level items (not
    optional, not one branch of several) matches a digit (\\d, or \\d repeated at least
    once)."""
    digit = [(C.IN, [(C.CATEGORY, C.CATEGORY_DIGIT)])]
    for op, av in sre_parse.parse(regex):
        if op is C.IN and [(op, av)] == digit:
            return True
        if (op is C.MAX_REPEAT or op is C.MIN_REPEAT) and av[0] >= 1 and list(av[2]) == digit:
            return True
    return False


def without_digit_alternatives(regex: str) -> str:
    """``regex`` without the top-level alternatives that need a digit: on a text without a
    digit it finds the same matches (the others are tried in the same order, and the
    ones left out could never match there)."""
    alternatives = _split_alternatives(regex)
    if alternatives is None:
        return regex
    kept = [a for a in alternatives if not _requires_digit(a)]
    return "|".join(kept) if kept else regex
