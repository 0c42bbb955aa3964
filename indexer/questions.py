"""Questions typed in plain French: recognise them, and drop their scaffolding.

"Quelle est la capitale du Maroc ?", "Comment renouveler sa carte grise ?", "Est-ce que
l'usine ferme ?": the interrogatives (quel, comment, combien, pourquoi, est-ce que…) are
already stop words of the analysis chain. What is left of the scaffolding are the words
that frame the question without being asked about: "comment **s'appelle**…", "en quelle
**année**…", "**que faut-il faire** pour…", "**est-il possible de**…". They are common in
every collection and add noise to the ranking: they are dropped when they stand in the
question's opening, right after its interrogative (never elsewhere: "l'année fiscale" in
"quelle est la durée de l'année fiscale" stays).

A query is a question when it ends with "?" or starts with an interrogative. Questions are
ranked softly: no articles-holding-every-word-first tier (requiring every word of a
natural-language question destroys recall, DESIGN.md "Query semantics"); keyword queries
keep that tier.
"""

from __future__ import annotations

from indexer.analysis import DEFAULT_CHAIN, TOKEN_RE, fold, strip_elision
from indexer.query import Group, ParsedQuery, Word

# Words that open a question (folded). "est-ce que" / "qu'est-ce que" tokenise into
# est, ce, que (after the elision), all interrogative openers here.
OPENERS = frozenset("""quel quelle quels quelles qui que quoi qu comment combien pourquoi
    quand ou lequel laquelle lesquels lesquelles est peut peuvent puis dois doit doivent
    faut existe""".split())
# Interrogatives that may stand after a preposition ("en quelle année", "à qui").
INTERROGATIVES = frozenset("""quel quelle quels quelles qui quoi comment combien pourquoi
    quand lequel laquelle lesquels lesquelles""".split())
PREPOSITIONS = frozenset("""a en de du des dans pour par sur avec contre vers depuis selon
    chez entre sous apres avant pendant""".split())
# The scaffolding dropped in a question's opening (folded surface forms).
SCAFFOLD = frozenset("""appelle appellent appelait appelaient appele appelee appeles nomme
    nomment nommait nommee nom noms annee annees date dates jour epoque siecle type types
    sorte genre fait faire font faisait faut fallait falloir possible peut peuvent pouvait
    puis dois doit doivent devait existe existent existait signifie signifiait veut dire
    definition consiste consistait sert servent servait agit il ils elle elles on t""".split())
OPENING = 4   # tokens after the interrogative still counted as the question's opening


def is_question(text: str) -> bool:
    """True for a question in plain French (ends with "?" or starts with an
    interrogative), False for keywords and operator queries."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith("?"):
        return True
    words = [fold(strip_elision(w)) for w in TOKEN_RE.findall(stripped)[:3]]
    if not words:
        return False
    if words[0] in INTERROGATIVES or words[:3] == ["est", "ce", "que"]:
        return True
    return len(words) > 1 and words[0] in PREPOSITIONS and words[1] in INTERROGATIVES


def _folded_tokens(word: str) -> list[str]:
    return [fold(strip_elision(t)) for t in TOKEN_RE.findall(word)]


def scaffolding(words: list[str]) -> set[int]:
    """Indexes of the `words` (as the query splits them at spaces) that are a question's
    scaffolding: framing words in the opening, right after the interrogative. A word of
    several tokens ("s'appelle-t-il") is scaffolding when all its tokens are."""
    tokens = [_folded_tokens(w) for w in words]
    start = 0
    while start < len(tokens) and tokens[start] and all(t in PREPOSITIONS for t in tokens[start]):
        start += 1
    if start >= len(tokens) or not tokens[start] or tokens[start][0] not in OPENERS:
        return set()
    dropped = set()
    for i in range(start + 1, min(len(tokens), start + 1 + OPENING)):
        if tokens[i] and all(t in SCAFFOLD or t in OPENERS for t in tokens[i]) \
                and any(t in SCAFFOLD for t in tokens[i]):
            dropped.add(i)
    return dropped


def trim(parsed: ParsedQuery) -> tuple[ParsedQuery, bool]:
    """(`parsed` without its question scaffolding, whether it is a question). Only the
    top level's bare words are dropped; never all of them."""
    if not is_question(parsed.text):
        return parsed, False
    root = parsed.root
    words = [n.text if isinstance(n, Word) and n.field is None and not n.prefix else ""
             for n in root.should]
    drop = scaffolding(words)
    if not drop or not any(DEFAULT_CHAIN.terms(w) for i, w in enumerate(words)
                           if w and i not in drop):
        return parsed, True
    kept = [n for i, n in enumerate(root.should) if i not in drop]
    return ParsedQuery(parsed.text, Group(kept, root.must, root.must_not), parsed.notes), True
