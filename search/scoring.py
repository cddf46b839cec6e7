"""How a query plan is scored: one description that both engines compile.

The engines index the same fields (search.documents.prepare and the pair terms
below), so a query is described here once, as a small tree of term, fuzzy, bool
and constant-score nodes; `engines.embedded` compiles it to tantivy queries and
`engines.elastic` to the Elasticsearch query DSL, node for node.

The ranking it describes:

* Each content word (a group of spellings) scores by BM25 on the exact and the
  folded fields, title above text, exact accents above folded, Telex-decoded
  and spelled-out abbreviations a little lower, editors' synonyms lower still,
  and a typo (fuzzy, only for words the index does not know) lowest. A phrase
  that is one group ("rác nhựa", which has synonyms) scores highest adjacent and
  with its accents, and still counts when its words are apart.
* Documents with every content word come first, those with most of them next
  (`Description`: two tiers); in the second tier, every content word found adds
  `COORDINATION`, so more words found rank higher.
* Not every content word is required: all of one or two, all but one of three or
  four, 60% beyond that (`minimum_should_match`). Common words ("sáng
  kiến", "công đoàn", "làm sao") and a place's name only add to the score. When
  fewer than `RELAX_BELOW` documents match, one content word is enough (the
  documents with all of them still first): a worker sees related ideas rather
  than one result or none.
* Adjacent query words found adjacent in a document add `ADJACENT_*`, using
  the pair terms ("sang_kien") both engines index, as typed and as read once
  Telex keystrokes are undone.
* A named place or unit lifts its documents by `BOOST_PLACE`, above the others on
  the same subject ("an toàn" in "công đoàn Hải Phòng an toàn"); a sector the
  keywords point to by `BOOST_SECTOR`. If the query has no content word beyond
  the place ("sáng kiến ở Cần Thơ"), the place is required, named or indexed
  there: documents filed under it and titles naming it (with the accents typed,
  so "Đà Nẵng" is not "đa năng") lift by `BOOST_PLACE_ALONE`, and mere mentions
  in the text only order the rest.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from .plan import CONTENT, PLACE, QueryPlan, TermGroup
from .text import fold_word, pairs

BOOST_TITLE_EXACT = 4.0
BOOST_TEXT_EXACT = 2.0
BOOST_TITLE_FOLD = 2.0
BOOST_TEXT_FOLD = 1.0
BOOST_ALTERNATIVE = 0.8
BOOST_SYNONYM = 0.6
BOOST_FUZZY = 0.3
# A phrase typed as one group ("rác nhựa", which has synonyms) whose words a
# document has apart ("nhựa … rác"): below the phrase, above nothing.
BOOST_SCATTERED = 0.5
ADJACENT_TITLE = 6.0
ADJACENT_TEXT = 3.0
COORDINATION = 12.0
# Puts every document with all the content words above those with most of them.
TIER = 10_000.0
BOOST_PLACE = 80.0
BOOST_PLACE_ALONE = 40.0
PLACE_MENTION = 0.2
BOOST_SECTOR = 6.0

# A query with fewer results than this is widened to documents with any of its words.
RELAX_BELOW = 10
# Two syllables are one word when this share of the documents with the rarer one
# have them side by side.
COMPOUND_SHARE = 0.3

TITLE_PAIRS, TEXT_PAIRS = "title_pairs", "text_pairs"


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    field: str
    value: str
    distance: int
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """The words as a phrase in `field`, the last one only begun ("cảm bi" -> "cảm biến")."""

    field: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Bool:
    must: tuple = ()
    should: tuple = ()
    must_not: tuple = ()
    # How many `should` clauses must match; None: none when there is a `must`, else one.
    minimum: int | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Constant:
    """Matches what `query` matches, with this fixed score."""

    query: object
    score: float


def minimum_should_match(count: int) -> int:
    """All of one or two syllables, all but one of three or four, 60% beyond.

    Counted in syllables, which is what the engines index: Vietnamese words are
    mostly two of them, so "tiết kiệm điện cho trường học" is three words in five
    syllables, and 60% of five keeps "tiết kiệm điện" without "trường học".
    """
    if count <= 2:
        return count
    if count <= 4:
        return count - 1
    return math.ceil(count * 0.6)


def _phrase(words: tuple[str, ...], boost: float) -> list:
    """A folded word, or several as all their adjacent pairs, in title and text."""
    if len(words) == 1:
        return [Term("title_fold", words[0], boost * 2), Term("text_fold", words[0], boost)]
    return [
        Bool(must=tuple(Term(TITLE_PAIRS, pair) for pair in pairs(words)), boost=boost * 2),
        Bool(must=tuple(Term(TEXT_PAIRS, pair) for pair in pairs(words)), boost=boost),
    ]


def _every(field: str, words: tuple[str, ...], boost: float) -> Bool:
    return Bool(must=tuple(Term(field, word) for word in words), boost=boost)


def _scattered(group: TermGroup, boost: float) -> Bool:
    """Every one of the group's words, wherever each is, in the title or the text: as
    typed, with their accents if typed with them (apart, folded syllables would match
    anything: "sạt lở" is not "giám sát … lo")."""
    if group.exact != group.folded:
        fields = (("title_exact", 2.0), ("text_exact", 1.0))
        words = group.exact
    else:
        fields = (("title_fold", 2.0), ("text_fold", 1.0))
        words = group.folded
    return Bool(
        must=tuple(
            Bool(should=tuple(Term(field, word, weight) for field, weight in fields), minimum=1)
            for word in words
        ),
        boost=boost,
    )


def spellings(group: TermGroup, is_known: Callable[[str], bool], *, scored: bool = True) -> Bool:
    """Every way a document can contain the group, each with its weight.

    Unscored (to count, facet or tell tiers apart), the exact fields are left
    out: a word found with its accents is also found folded.
    """
    clauses: list = []
    if len(group.exact) == 1:
        word, folded = group.exact[0], group.folded[0]
        # A word typed with diacritics that no document has, whose initial is often
        # confused ("máy xấy"), stands for the word that documents do have ("sấy");
        # its letters without accents ("xay") count less.
        meant = _meant(group, is_known)
        weight = BOOST_ALTERNATIVE if meant else 1.0
        if meant:
            clauses += _word(meant, 1.0, scored=scored)
        clauses += _word(word, weight, scored=scored)
        distance = group.fuzzy_distance
        # Typo tolerance only for words the index does not know: a known word
        # ("than") must not also match its neighbours ("thanh", "tan").
        if distance and not is_known(folded):
            clauses += [
                Fuzzy("title_fold", folded, distance, BOOST_FUZZY),
                Fuzzy("text_fold", folded, distance, BOOST_FUZZY),
            ]

    else:
        clauses += _phrase(group.folded, BOOST_TEXT_FOLD)
        clauses.append(_scattered(group, BOOST_SCATTERED))
        if scored and group.exact != group.folded:
            # Typed with its accents: "Đà Nẵng" above "đa năng".
            clauses += [
                _every("title_exact", group.exact, BOOST_TITLE_FOLD),
                _every("text_exact", group.exact, BOOST_TEXT_FOLD),
            ]
    for name in group.names:
        clauses += _phrase(name, BOOST_TEXT_FOLD)
    for alternative in group.alternatives:
        clauses += _phrase(alternative, BOOST_ALTERNATIVE)
    for synonym in group.synonyms:
        clauses += _phrase(synonym, BOOST_SYNONYM)
    if group.prefix:
        # Typing as you go: the last word may be the start of a title word.
        clauses.append(Prefix("title_fold", group.folded))
    return Bool(should=tuple(clauses), minimum=1)


def _meant(group: TermGroup, is_known: Callable[[str], bool]) -> str | None:
    """The confusable spelling documents have, if they lack the word as typed."""
    if not group.confusable or is_known(group.exact[0]):
        return None
    return next(filter(is_known, group.confusable), None)


def _word(word: str, weight: float, *, scored: bool) -> list:
    """A canonical word in the title and the text: with its accents (if scored) and
    folded."""
    folded = fold_word(word)
    clauses = [
        Term("title_fold", folded, BOOST_TITLE_FOLD * weight),
        Term("text_fold", folded, BOOST_TEXT_FOLD * weight),
    ]
    if scored:
        clauses = [
            Term("title_exact", word, BOOST_TITLE_EXACT * weight),
            Term("text_exact", word, BOOST_TEXT_EXACT * weight),
            *clauses,
        ]
    return clauses


def known_fields(word: str) -> tuple[str, str]:
    """Where `is_known` looks a word up, in titles and text: with its diacritics if it
    has any, else folded."""
    if word == fold_word(word):
        return ("title_fold", "text_fold")
    return ("title_exact", "text_exact")


def lookups(plan: QueryPlan) -> list[str]:
    """The words `describe` may ask `is_known` about: the folded words, and the words
    typed with diacritics that have confusable spellings, with those spellings."""
    words = list(plan.folded_words)
    for group in plan.groups:
        if group.confusable:
            words += [group.exact[0], *group.confusable]
    return list(dict.fromkeys(words))


def _counted(found: Bool) -> Bool:
    """A content word's spellings, scoring COORDINATION more when any is found."""
    return Bool(should=(Constant(found, COORDINATION), found), minimum=1)


@dataclass(frozen=True)
class Description:
    """A query in two tiers: documents with every content word, then those with most.

    `most` matches both tiers: it is what is counted and faceted, and it ranks the
    second tier (more words found, higher). `full`, when there are two tiers,
    ranks the first one, and `has_all` tells the tiers apart. An engine may run
    the tiers apart (the first is an intersection, far cheaper to score than the
    union) or at once, as `most` lifted by `TIER` where `has_all` matches: both
    give the same order, because within the first tier every document gets the
    same coordination.
    """

    most: Bool
    full: Bool | None = None
    has_all: Bool | None = None
    # What `most` matches, unscored and lean: what the aggregations count.
    matches: Bool | None = None

    @property
    def counted(self) -> Bool:
        return self.matches or self.most

    def at_once(self) -> Bool:
        if self.has_all is None:
            return self.most
        return Bool(must=(self.most,), should=(Constant(self.has_all, TIER),))

    def second_tier(self) -> Bool:
        return Bool(must=(self.most,), must_not=(self.has_all,))


def describe(
    plan: QueryPlan,
    is_known: Callable[[str], bool],
    *,
    relaxed: bool = False,
    prefix_last: bool = False,
    is_compound: Callable[[str, str], bool] | None = None,
):
    """The scored query for `plan`, or None; `relaxed` needs any one content word (two
    syllables that `is_compound` says are one word count as one), and `prefix_last`
    lets the last word be the start of a title word (autocomplete)."""
    if plan.is_empty:
        return None
    if prefix_last:
        last = plan.groups[-1]
        plan = replace(plan, groups=(*plan.groups[:-1], replace(last, prefix=True)))
    content = [g for g in plan.groups if g.role == CONTENT]
    others = [g for g in plan.groups if g.role != CONTENT]
    lifts = _intent_lifts(plan, BOOST_PLACE if content else BOOST_PLACE_ALONE)
    should: list = []
    for pair in _adjacent_pairs(plan, is_known):
        should += [Term(TITLE_PAIRS, pair, ADJACENT_TITLE), Term(TEXT_PAIRS, pair, ADJACENT_TEXT)]
    if content:
        should += lifts
        should += [spellings(group, is_known) for group in others]
        found = tuple(spellings(group, is_known) for group in content)
        lean = tuple(spellings(group, is_known, scored=False) for group in content)
        minimum = 1 if relaxed else minimum_should_match(len(content))
        if minimum == len(content):
            # Every word is required: one tier, and coordination would add the same to all.
            return Description(most=Bool(must=found, should=tuple(should)), matches=Bool(must=lean))
        counted = tuple(map(_counted, found))
        most = Bool(must=(Bool(should=counted, minimum=minimum),), should=tuple(should))
        matches = Bool(should=lean, minimum=minimum)
        if relaxed:
            # Any one word, but a word of two syllables ("năng lượng") is not relaxed
            # to either of them ("chất lượng").
            units = _words(plan, is_compound or (lambda left, right: False))
            if len(units) == 1:
                return describe(plan, is_known, prefix_last=prefix_last)
            matches = Bool(should=tuple(Bool(must=tuple(lean[i] for i in unit)) for unit in units))
            most = Bool(must=(Constant(matches, 0.0),), should=(*counted, *should))
        return Description(
            most=most,
            full=Bool(must=found, should=tuple(should)),
            has_all=Bool(must=lean),
            matches=matches,
        )
    if any(group.role == PLACE for group in others):
        # Only a place and common words: the place's documents, wherever its name is,
        # those filed under it or naming it in their title first: how often a text
        # mentions the place only orders the rest.
        places = [
            replace(spellings(group, is_known), boost=PLACE_MENTION)
            for group in others
            if group.role == PLACE
        ]
        should += [spellings(group, is_known) for group in others if group.role != PLACE]
        should += [
            Constant(_in_title(group), BOOST_PLACE_ALONE) for group in others if group.role == PLACE
        ]
        return Description(most=Bool(must=(Bool(should=tuple(places + lifts), minimum=1),),
                                     should=tuple(should)))  # fmt: skip
    # Nothing but common words ("sáng kiến"): they are what was asked for.
    should += lifts
    found = tuple(spellings(group, is_known) for group in others)
    return Description(
        most=Bool(must=(Bool(should=found, minimum=1 if relaxed else len(found)),),
                  should=tuple(should))
    )  # fmt: skip


def compound(pair: int, left: int, right: int) -> bool:
    """Whether two adjacent syllables are one word, from how many documents have them
    side by side (`pair`) and each at all: "năng lượng" is, "robot tôm" is not."""
    return pair > 0 and pair >= COMPOUND_SHARE * min(left, right)


def _words(plan: QueryPlan, is_compound) -> list[list[int]]:
    """The content groups (indexes into the plan's content groups) grouped into words:
    two adjacent one-syllable groups that form a compound are one word."""
    positions = [index for index, group in enumerate(plan.groups) if group.role == CONTENT]
    units: list[list[int]] = []
    for index, position in enumerate(positions):
        if units and len(units[-1]) == 1 and positions[units[-1][0]] + 1 == position:
            left, right = plan.groups[position - 1], plan.groups[position]
            if len(left.folded) == len(right.folded) == 1 and is_compound(
                left.folded[0], right.folded[0]
            ):
                units[-1].append(index)
                continue
        units.append([index])
    return units


def _adjacent_pairs(plan: QueryPlan, is_known: Callable[[str], bool]) -> list[str]:
    """The pairs of adjacent words as typed, and as read once Telex keystrokes are undone
    ("bieens taanf" is "biến tần") and a confused initial is put right ("máy xấy")."""
    read = []
    for group in plan.groups:
        if _is_decoded(group):
            read += group.alternatives[0]
        elif meant := _meant(group, is_known):
            read.append(fold_word(meant))
        else:
            read += group.folded
    found = pairs(plan.folded_words)
    return found + [pair for pair in pairs(read) if pair not in found]


def _is_decoded(group: TermGroup) -> bool:
    """Whether the group is one word whose only alternative is its Telex-decoded spelling."""
    alternatives = group.alternatives
    return len(group.folded) == 1 and len(alternatives) == 1 and len(alternatives[0]) == 1


def _in_title(group: TermGroup) -> Bool:
    """The place's name in a title: as typed, with its accents if typed with them
    ("Đà Nẵng", not "đa năng"), or any other of its names ("TP.HCM", "Sài Gòn")."""
    typed = _phrase(group.folded, 1.0)[0]
    if group.exact != group.folded:
        typed = Bool(must=(typed, _every("title_exact", group.exact, 1.0)))
    others = [name for name in (*group.names, *group.alternatives) if name != group.folded]
    return Bool(should=(typed, *(_phrase(name, 1.0)[0] for name in others)), minimum=1)


def can_relax(plan: QueryPlan) -> bool:
    """Whether a query with fewer than RELAX_BELOW results may be rerun needing only
    one of its words (the documents with all of them still first)."""
    content = [g for g in plan.groups if g.role == CONTENT]
    return len(content) > 1 or (not content and len(plan.groups) > 1)


def _intent_lifts(plan: QueryPlan, place_boost: float) -> list:
    lifts = []
    for intent in plan.intents:
        boost = place_boost if intent.named else BOOST_SECTOR
        lifts.append(Constant(Term(intent.facet, intent.value), boost))
    return lifts
