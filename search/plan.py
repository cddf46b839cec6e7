"""Turn what a user typed into an engine-independent query plan.

Each typed word becomes a group that any of its spellings satisfies: the word
with its accents, without them, undone Telex keystrokes, or a typo within an
edit or two. An abbreviation's group is also satisfied by its full form.
"""

from dataclasses import dataclass, field

from . import text

MAX_WORDS = 16


@dataclass(frozen=True)
class TermGroup:
    exact: tuple[str, ...]
    folded: tuple[str, ...]
    # Other folded spellings that satisfy the group: Telex-decoded, spelled-out abbreviations.
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def fuzzy_distance(self) -> int:
        if len(self.folded) != 1 or self.folded[0].isdigit():
            return 0
        length = len(self.folded[0])
        if length >= 8:
            return 2
        return 1 if length >= 4 else 0


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[TermGroup, ...] = ()
    highlight_terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def exact_words(self) -> list[str]:
        return [word for group in self.groups for word in group.exact]

    @property
    def folded_words(self) -> list[str]:
        return [word for group in self.groups for word in group.folded]


def plan_query(query: str) -> QueryPlan:
    tokens = text.words(query)[:MAX_WORDS]
    groups: list[TermGroup] = []
    highlight: set[str] = set()
    index = 0
    while index < len(tokens):
        size, forms = _abbreviation_at(tokens, index)
        exact = tuple(tokens[index : index + size])
        folded = tuple(text.fold_word(word) for word in exact)
        alternatives: list[tuple[str, ...]] = [
            tuple(text.fold_word(word) for word in text.words(form)) for form in forms
        ]
        if not forms and size == 1:
            decoded = text.telex_decode(folded[0])
            if decoded != folded[0]:
                alternatives.append((decoded,))
        groups.append(TermGroup(exact=exact, folded=folded, alternatives=tuple(alternatives)))
        highlight.update(folded)
        for alternative in alternatives:
            highlight.update(alternative)
        index += size
    return QueryPlan(groups=tuple(groups), highlight_terms=frozenset(highlight))


def _abbreviation_at(tokens: list[str], index: int) -> tuple[int, tuple[str, ...]]:
    folded = [text.fold_word(token) for token in tokens[index : index + 2]]
    for size in (2, 1):
        if len(folded) >= size:
            forms = text.full_forms(tuple(folded[:size]))
            if forms:
                return size, forms
    return 1, ()
