"""Turn what a user typed into an engine-independent query plan.

Each typed word becomes a group that any of its spellings satisfies: the word
with its accents, without them, undone Telex keystrokes, or a typo within an
edit or two. An abbreviation's group is also satisfied by its full form, and a
phrase with editor-made synonyms by any of them.

Groups have a role. Content words carry the query and most of them are required
(`search.scoring`). Common words ("sáng kiến", "công đoàn", "làm sao") and the
name of a place only add to the score. A named place or unit, and a sector that
the query's keywords point to, become intents: the engines lift their documents,
and the search page offers them as one-click filters.
"""

from dataclasses import dataclass, field

from . import text
from .lexicon import Lexicon, Named, get_lexicon

MAX_WORDS = 16
CONTENT, COMMON, PLACE = "content", "common", "place"


@dataclass(frozen=True)
class TermGroup:
    exact: tuple[str, ...]
    folded: tuple[str, ...]
    # Other folded spellings that satisfy the group: Telex-decoded, spelled-out abbreviations.
    alternatives: tuple[tuple[str, ...], ...] = ()
    # Editors' synonyms: other wordings of the same thing, ranked below the typed one.
    synonyms: tuple[tuple[str, ...], ...] = ()
    # Other names of the place the group names ("Sài Gòn", "TP.HCM"): the same thing.
    names: tuple[tuple[str, ...], ...] = ()
    role: str = CONTENT
    # A one-word group typed with diacritics: the word with its initial consonant
    # swapped for one often confused with it, tried if no document has the word.
    confusable: tuple[str, ...] = ()
    # The last word of a query typed as you go: also the start of a title word.
    prefix: bool = False

    @property
    def fuzzy_distance(self) -> int:
        if len(self.folded) != 1 or self.folded[0].isdigit():
            return 0
        length = len(self.folded[0])
        if length >= 8:
            return 2
        return 1 if length >= 4 else 0


@dataclass(frozen=True)
class Intent:
    """A facet value the query is about: named outright (a place) or suggested (a sector)."""

    facet: str
    value: str
    label: str
    named: bool
    suggestion: str = ""


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[TermGroup, ...] = ()
    highlight_terms: frozenset[str] = field(default_factory=frozenset)
    intents: tuple[Intent, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def exact_words(self) -> list[str]:
        return [word for group in self.groups for word in group.exact]

    @property
    def folded_words(self) -> list[str]:
        return [word for group in self.groups for word in group.folded]


def plan_query(query: str, *, lexicon: Lexicon | None = None) -> QueryPlan:
    tokens = text.words(query)[:MAX_WORDS]
    if not tokens:
        return QueryPlan()
    lexicon = get_lexicon() if lexicon is None else lexicon
    folded = [text.fold_word(token) for token in tokens]
    capitals = text.in_capitals(query)[:MAX_WORDS]
    places, intents = _named_places(tokens, folded, lexicon)
    names = tuple(
        spelling
        for intent in intents
        for spelling in lexicon.spellings.get((intent.facet, intent.value), ())
    )
    groups: list[TermGroup] = []
    highlight: set[str] = set()
    index = 0
    while index < len(tokens):
        group = _group_at(tokens, folded, index, lexicon, places, names, capitals)
        groups.append(group)
        for spelling in (group.folded, *group.alternatives, *group.synonyms, *group.names):
            highlight.update(spelling)
        index += len(group.exact)
    intents += _suggested_sectors(tokens, folded, places, lexicon, intents)
    return QueryPlan(groups=tuple(groups), highlight_terms=frozenset(highlight), intents=intents)


def _group_at(tokens, folded, index: int, lexicon: Lexicon, places, names, capitals) -> TermGroup:
    if index in places:
        size = places[index] - index
        typed = tuple(folded[index : index + size])
        forms = text.full_forms(typed)
        others = tuple(name for name in names if name != typed)
        return _group(
            tokens, folded, index, size, role=PLACE, alternatives=_spelled(forms), names=others
        )
    size, forms = _abbreviation_at(folded, index)
    if forms:
        key = tuple(folded[index : index + size])
        role = COMMON if key in lexicon.common else CONTENT
        if any(
            start < index + size <= end or index < start < index + size
            for start, end in places.items()
        ):
            role = PLACE  # "TP.HCM": the abbreviation runs into the place it names
        return _group(tokens, folded, index, size, role=role, alternatives=_spelled(forms))
    size = _longest_at(folded, index, lexicon.synonyms, lexicon.longest, places)
    if size:
        key = tuple(folded[index : index + size])
        role = COMMON if key in lexicon.common and not capitals[index] else CONTENT
        return _group(tokens, folded, index, size, role=role, synonyms=lexicon.synonyms[key])
    size = _longest_at(folded, index, lexicon.common, lexicon.longest, places)
    if size > 1:
        return _group(tokens, folded, index, size, role=COMMON)
    word = tokens[index]
    accented = any(token != fold for token, fold in zip(tokens, folded, strict=True))
    common = _is_common_word(word, folded[index], lexicon, accented=accented)
    common = common and not capitals[index]
    role = COMMON if common else CONTENT
    decoded = text.telex_decode(folded[index])
    alternatives = ((decoded,),) if decoded != folded[index] else ()
    return _group(
        tokens,
        folded,
        index,
        1,
        role=role,
        alternatives=alternatives,
        confusable=text.confusable(word) if role == CONTENT else (),
    )


def _spelled(forms) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(map(text.fold_word, text.words(form))) for form in forms)


def _group(tokens, folded, index: int, size: int, **kwargs) -> TermGroup:
    return TermGroup(
        exact=tuple(tokens[index : index + size]),
        folded=tuple(folded[index : index + size]),
        **kwargs,
    )


def _is_common_word(word: str, folded: str, lexicon: Lexicon, *, accented: bool) -> bool:
    """Whether a word is common. In a query typed with diacritics, a word is as typed
    ("thi" in "thi công" is not "thì"); in one typed without, it may be any word that
    folds to it."""
    if word != folded or accented:
        return word in lexicon.common_exact
    return (folded,) in lexicon.common


def _longest_at(folded, index: int, table, longest: int, places: dict[int, int]) -> int:
    """Length of the longest key of `table` starting at `index`, stopping before a place."""
    stop = min((start for start in places if start > index), default=len(folded))
    for size in range(min(longest, stop - index), 0, -1):
        if tuple(folded[index : index + size]) in table:
            return size
    return 0


def _abbreviation_at(folded, index: int) -> tuple[int, tuple[str, ...]]:
    for size in (2, 1):
        if index + size <= len(folded):
            forms = text.full_forms(tuple(folded[index : index + size]))
            if forms:
                return size, forms
    return 1, ()


def _named_places(tokens, folded, lexicon: Lexicon) -> tuple[dict[int, int], tuple[Intent, ...]]:
    """Spans of the query that name a place or unit ({start: end}) and the intents they make."""
    spans: dict[int, int] = {}
    intents: list[Intent] = []
    index = 0
    while index < len(tokens):
        for size in range(min(lexicon.longest, len(tokens) - index), 0, -1):
            candidates = lexicon.names.get(tuple(folded[index : index + size]), ())
            typed = tuple(tokens[index : index + size])
            matches = [named for named in candidates if _typed_as(typed, named)]
            if matches:
                spans[index] = index + size
                for named in matches:
                    intent = Intent(named.facet, named.value, named.label, True, named.suggestion)
                    if intent not in intents:
                        intents.append(intent)
                index += size
                break
        else:
            index += 1
    return spans, tuple(intents)


def _typed_as(typed: tuple[str, ...], named: Named, *, ambiguous: bool = False) -> bool:
    """Whether words typed this way name `named`.

    Typed with diacritics, they must be the name's own ("Điện Biên", not "diễn
    biến"). Typed without, one word is too ambiguous to name a place unless the
    name itself is written without diacritics ("HCM", but not "hue" for "Huế");
    `ambiguous` accepts it anyway, for keywords that only suggest.
    """
    if any(word != text.fold_word(word) for word in typed):
        return typed == named.exact
    if len(typed) == 1 and not ambiguous:
        return named.exact == typed
    return True


def _suggested_sectors(tokens, folded, places: dict[int, int], lexicon: Lexicon, named) -> tuple:
    inside = {i for start, end in places.items() for i in range(start, end)}
    counts: dict[Intent, int] = {}
    for index in range(len(folded)):
        if index in inside:
            continue
        for size in range(min(lexicon.longest, len(folded) - index), 0, -1):
            key = tuple(folded[index : index + size])
            if any(i in inside for i in range(index, index + size)) or key not in lexicon.keywords:
                continue
            typed = tuple(tokens[index : index + size])
            entries = [e for e in lexicon.keywords[key] if _typed_as(typed, e, ambiguous=True)]
            for entry in entries:
                intent = Intent(entry.facet, entry.value, entry.label, False, entry.suggestion)
                counts[intent] = counts.get(intent, 0) + size
            break
    taken = {(intent.facet, intent.value) for intent in named}
    ranked = sorted(counts, key=lambda intent: -counts[intent])
    best = counts[ranked[0]] if ranked else 0
    # Only the sectors the query points to most clearly: one stray keyword among
    # several for another sector does not split the lift.
    return tuple(
        intent
        for intent in ranked
        if counts[intent] == best and (intent.facet, intent.value) not in taken
    )
