"""The query language, parsed forgivingly into a small tree (never raises on any string).

    hydrogène vert              keywords: articles holding all of them rank first
    "hydrogène vert"            an exact phrase (stop words and inflections aside)
    -charbon   NOT charbon      exclusion (also SAUF)
    solaire OR éolien           either (also OU, |); AND/ET makes both sides required
    +maroc                      required
    (solaire OR éolien) maroc   grouping
    title:/titre:  author:/auteur:  source:  tag:/tags:  section:/rubrique:
    date:2025  date:2025-03  date:30/06/2025  date:"juin 2025"  (corpus.dates's grammar)
    date:[2025-01-01 TO 2025-06-30]  date:[juin 2025 TO août 2025]  date:>=2025-02 (TO *)
    hydro*                      prefix

Malformed input (an unbalanced quote or bracket, a lone operator, an unknown date) is
searched as plain words, with a note saying what was not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from corpus import strip_controls
from corpus.dates import BadDate, parse_period

FIELDS = {
    "title": "title", "titre": "title",
    "author": "author", "auteur": "author", "par": "author",
    "source": "source", "site": "source",
    "tag": "tags", "tags": "tags", "mot-cle": "tags", "mot-clé": "tags",
    "section": "section", "rubrique": "section",
    "date": "date", "year": "date", "annee": "date", "année": "date",
    "text": None, "texte": None,
}
OR_WORDS = frozenset(["OR", "OU", "|", "||"])
AND_WORDS = frozenset(["AND", "ET", "&&"])
NOT_WORDS = frozenset(["NOT", "SAUF"])
MAX_LENGTH = 1000

_LEX = re.compile(
    r"""(?P<space>\s+)
      | (?P<open>\()
      | (?P<close>\))
      | (?P<quote>[-+]?"[^"]*"?)
      | (?P<ranged>[^\s()"\[]+:\[[^\]]*\]?)
      | (?P<fieldphrase>[^\s()"]+:(?:[<>]=?)?"[^"]*"?)
      | (?P<word>[^\s()"]+)""",
    re.VERBOSE,
)
_RANGE = re.compile(r"^\[\s*(.+?)\s+(?:TO|to|À|à|A|a)\s+(.+?)\s*\]$")


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None      # None: the article text (and title, boosted)
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    start: date | None            # inclusive
    end: date | None              # inclusive


@dataclass
class Group:
    """Clauses joined implicitly: `should` rank by how many they match (all first)."""

    should: list[Node] = field(default_factory=list)
    must: list[Node] = field(default_factory=list)
    must_not: list[Node] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.should or self.must or self.must_not)


@dataclass
class AnyOf:
    options: list[Node]


Node = Word | Phrase | DateRange | Group | AnyOf


@dataclass
class ParsedQuery:
    text: str
    root: Group
    notes: list[str]


def parse(text: str) -> ParsedQuery:
    """Parse any string; problems become notes and the text is searched as words."""
    notes: list[str] = []
    if not isinstance(text, str):
        text = str(text)
    clean = strip_controls(text).replace("\t", " ").replace("\n", " ")
    if clean != text:
        notes.append("caractères de contrôle retirés")
    if len(clean) > MAX_LENGTH:
        clean = clean[:MAX_LENGTH]
        notes.append(f"requête coupée à ses {MAX_LENGTH} premiers caractères")
    if clean.count('"') % 2:
        notes.append("guillemet non refermé : recherché comme des mots")
        clean = clean.replace('"', " ")
    if not _balanced(clean):
        notes.append("parenthèse non refermée : recherché comme des mots")
        clean = clean.replace("(", " ").replace(")", " ")
    parser = _Parser(_tokens(clean), notes)
    root = parser.group(top=True)
    return ParsedQuery(text, root, notes)


def query_problems(text: str) -> list[str]:
    """Human notes on what is malformed in `text`; [] when it is well-formed."""
    parsed = parse(text)
    problems = list(parsed.notes)
    if parsed.root.is_empty():
        problems.append("rien à chercher")
    return problems


def _balanced(text: str) -> bool:
    depth = 0
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _tokens(text: str) -> list[str]:
    return [m.group() for m in _LEX.finditer(text) if m.lastgroup != "space"]


class _Parser:
    def __init__(self, tokens: list[str], notes: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.notes = notes

    def _note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def group(self, top: bool = False) -> Group:
        group = Group()
        require_next = False
        while (token := self.peek()) is not None:
            if token == ")":
                if top:  # cannot happen once balanced, but never loop forever
                    self.take()
                    continue
                break
            if token in AND_WORDS:
                self.take()
                if not group.should and not group.must:
                    self._note(f"opérateur {token} isolé : ignoré")
                    continue
                if group.should:
                    group.must.append(group.should.pop())
                require_next = True
                continue
            sign, node = self.disjunction()
            if node is None:
                continue
            if sign == "-":
                group.must_not.append(node)
            elif sign == "+" or require_next or isinstance(node, DateRange) or _is_filter(node):
                group.must.append(node)
            else:
                group.should.append(node)
            require_next = False
        if require_next:
            self._note("opérateur AND isolé à la fin : ignoré")
        return group

    def disjunction(self) -> tuple[str, Node | None]:
        sign, first = self.unary()
        options = [first] if first is not None else []
        while self.peek() in OR_WORDS:
            self.take()
            if self.peek() is None or self.peek() == ")":
                self._note("opérateur OR isolé : ignoré")
                break
            other_sign, other = self.unary()
            if other is not None and other_sign != "-":
                options.append(other)
        if not options:
            return sign, None
        if len(options) == 1:
            return sign, options[0]
        if sign == "-":  # -a OR b: keep it simple, exclude a and offer b
            return sign, options[0]
        return sign, AnyOf(options)

    def unary(self) -> tuple[str, Node | None]:
        token = self.peek()
        if token is None:
            return "", None
        if token in OR_WORDS:
            self.take()
            self._note(f"opérateur {token} isolé : ignoré")
            return "", None
        if token in NOT_WORDS:
            self.take()
            if self.peek() is None or self.peek() in OR_WORDS | AND_WORDS | {")"}:
                self._note(f"opérateur {token} isolé : ignoré")
                return "", None
            _, node = self.unary()
            return "-", node
        if token == "(":
            self.take()
            inner = self.group()
            if self.peek() == ")":
                self.take()
            return "", (None if inner.is_empty() else _simplify(inner))
        self.take()
        sign = ""
        if len(token) > 1 and token[0] in "-+" and token[1] not in "-+":
            sign, token = token[0], token[1:]
        elif token in ("-", "+", "!"):
            self._note(f"opérateur {token} isolé : ignoré")
            return "", None
        return sign, self.atom(token)

    def atom(self, token: str) -> Node | None:
        if token.startswith('"'):
            inner = token.strip('"').strip()
            return Phrase(inner) if inner else None
        name, colon, value = token.partition(":")
        key = name.lower()
        if colon and value and key in FIELDS:
            target = FIELDS[key]
            if target == "date":
                return self.date_value(value, token)
            if value.startswith('"'):
                inner = value.strip('"').strip()
                return Phrase(inner, target) if inner else None
            return _word(value, target)
        if colon and not value and key in FIELDS:
            self._note(f"champ {name} vide : ignoré")
            return None
        return _word(token, None)

    def date_value(self, value: str, token: str) -> Node | None:
        found = _parse_dates(value)
        if found is None:
            self._note(f"date illisible : {value!r} (date:2025, date:2025-03, "
                       'date:30/06/2025, date:"juin 2025", date:[2025-01 TO 2025-06], '
                       "date:>=2025-02) : recherché comme des mots")
            return _word(value.strip("[]><=\""), None)
        return found


def _is_filter(node: Node) -> bool:
    """Fielded clauses and phrases are required; bare words rank softly."""
    return isinstance(node, Phrase) or (isinstance(node, Word) and node.field is not None)


def _simplify(group: Group) -> Node:
    if len(group.should) == 1 and not group.must and not group.must_not:
        return group.should[0]
    return group


def _word(text: str, target: str | None) -> Word | None:
    prefix = text.endswith("*")
    text = text.strip("*")
    if not text or not any(c.isalnum() for c in text):
        return None
    return Word(text, target, prefix)


def _parse_dates(value: str) -> DateRange | None:
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] == '"':
        value = value[1:-1].strip()
    m = _RANGE.match(value)
    if m:
        a, b = m.group(1).strip(), m.group(2).strip()
        start = None if a == "*" else _period(a)
        end = None if b == "*" else _period(b)
        if (a != "*" and start is None) or (b != "*" and end is None):
            return None
        return DateRange(start[0] if start else None, end[1] if end else None)
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            bound = value[len(op):].strip()
            if len(bound) > 1 and bound[0] == bound[-1] == '"':  # date:>="juin 2025"
                bound = bound[1:-1].strip()
            period = _period(bound)
            if period is None:
                return None
            if op == ">=":
                return DateRange(period[0], None)
            if op == ">":
                return DateRange(period[1] + timedelta(days=1), None)
            if op == "<=":
                return DateRange(None, period[1])
            return DateRange(None, period[0] - timedelta(days=1))
    period = _period(value)
    return DateRange(*period) if period else None


def _period(text: str) -> tuple[date, date] | None:
    """The first and last day of the period `text` names, in the one date grammar
    (corpus.dates: `2025`, `2025-03`, `2025-03-12`, `12/03/2025`, `03/2025`, `mars 2025`,
    `1er mars 2025`)."""
    try:
        return parse_period(text)
    except BadDate:
        return None
