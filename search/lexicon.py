"""What a query's words may mean beyond themselves: synonyms, places, sectors, common words.

Content apps register their facets' vocabularies with `search.registry` (the
provinces and central sector unions that a query can name, the sectors and the
keywords that point to them); editors own the synonyms (`search.models.Synonym`).
Everything is read into one `Lexicon` of folded word tuples, cached for a few
seconds per process and dropped at once when this process saves a synonym or a
vocabulary, so a change needs no rebuild.
"""

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import registry, text

# Words that nearly every initiative contains, or that only carry the grammar of
# a question: they add to the score but are never required. Canonical spellings.
COMMON_PHRASES = (
    "sáng kiến",
    "công đoàn",
    "người lao động",
    "công nhân lao động",
    "liên đoàn lao động",
    "ldld",
    "nld",
    "cdcs",
    "công đoàn cơ sở",
    "làm sao",
    "làm thế nào",
    "như thế nào",
    "thế nào",
    "có cách nào",
    "cách nào",
    "có sáng kiến nào",
    "giải pháp",
    "ở đâu",
    "tỉnh",
    "thành phố",
    "tp",
)
COMMON_WORDS = (
    "của", "cho", "và", "với", "ở", "tại", "các", "những", "một", "là", "có", "không",
    "nào", "gì", "giúp", "để", "được", "trong", "về", "từ", "khi", "thì", "mà", "này",
    "đó", "hay", "hoặc", "cách", "muốn", "tìm", "ai", "nhiều", "bị", "đã", "đang",
    "sẽ", "cần", "nên", "theo", "nhất", "rất", "bằng", "vào", "ra", "lên",
)  # fmt: skip
# Accent-free spellings that are too often a content word to be treated as common
# ("trong" is also "trồng", "bang" is "băng tải", "de" is "đề", "tu" is "tủ").
_AMBIGUOUS_FOLDED = {"trong", "bang", "de", "tu", "do", "ma", "co", "ra", "len", "bi", "ve"}

# Words that may stand before a place name and belong to the mention of it.
PLACE_PREFIXES = (
    "tỉnh",
    "thành phố",
    "tp",
    "ldld",
    "liên đoàn lao động",
    "công đoàn",
    "cđ",
    "ở",
    "tại",
)
CACHE_SECONDS = 10.0


@dataclass(frozen=True)
class Named:
    facet: str
    value: str
    label: str
    suggestion: str
    # The canonical words the name was written with; a one-word name typed with
    # diacritics must match them exactly ("Huế" but not "huệ").
    exact: tuple[str, ...]


@dataclass
class Lexicon:
    synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    names: dict[tuple[str, ...], list[Named]] = field(default_factory=dict)
    keywords: dict[tuple[str, ...], list[Named]] = field(default_factory=dict)
    # Every folded spelling of a named value, by (facet, value): "tp hcm", "sai gon"…
    spellings: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    common: frozenset[tuple[str, ...]] = frozenset()
    common_exact: frozenset[str] = frozenset()
    longest: int = 1


_synonym_source: Callable[[], Iterable[Iterable[str]]] | None = None
_lock = threading.Lock()
_cached: tuple[float, Lexicon] | None = None


def register_synonyms(source: Callable[[], Iterable[Iterable[str]]]) -> None:
    """`source` returns the synonym sets, each an iterable of equivalent phrases."""
    global _synonym_source
    _synonym_source = source
    invalidate()


def invalidate(*args, **kwargs) -> None:
    """Forget the cached lexicon (connected to the post_save of every source model)."""
    global _cached
    with _lock:
        _cached = None


def folded_words(phrase: str) -> tuple[str, ...]:
    return tuple(text.fold_word(word) for word in text.words(phrase))


def get_lexicon() -> Lexicon:
    global _cached
    with _lock:
        if _cached and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
    lexicon = build_lexicon()
    with _lock:
        _cached = (time.monotonic(), lexicon)
    return lexicon


def build_lexicon() -> Lexicon:
    lexicon = Lexicon(
        common=frozenset(folded_words(phrase) for phrase in COMMON_PHRASES),
        common_exact=frozenset(text.canonical_word(word) for word in COMMON_WORDS),
    )
    common_folded = {text.fold_word(w) for w in lexicon.common_exact} - _AMBIGUOUS_FOLDED
    lexicon.common = lexicon.common | {(word,) for word in common_folded}
    for facet in registry.vocabulary_facets():
        for entry in registry.vocabulary(facet):
            for name in entry.names:
                # Two letters ("HN", "ĐN") name too many other things ("đơn", "doanh nghiệp").
                if len(text.fold(name).replace(" ", "")) > 2:
                    key = _add(lexicon.names, facet, entry, name)
                    known = lexicon.spellings.get((facet, entry.value), ())
                    if key and key not in known:
                        lexicon.spellings[(facet, entry.value)] = (*known, key)
            for keyword in entry.keywords:
                _add(lexicon.keywords, facet, entry, keyword)
    if _synonym_source is not None:
        for phrases in _synonym_source():
            forms = list(dict.fromkeys(f for f in map(folded_words, phrases) if f))
            for form in forms:
                others = [other for other in forms if other != form]
                known = lexicon.synonyms.get(form, ())
                lexicon.synonyms[form] = known + tuple(o for o in others if o not in known)
    tables = (lexicon.names, lexicon.keywords, lexicon.synonyms)
    sizes = [len(key) for table in tables for key in table]
    lexicon.longest = max([1, *sizes, *map(len, lexicon.common)])
    return lexicon


def _add(table: dict, facet: str, entry: registry.VocabularyEntry, phrase: str):
    exact = tuple(text.words(phrase))
    key = tuple(map(text.fold_word, exact))
    if not key:
        return None
    named = Named(facet, entry.value, entry.label, entry.suggestion, exact=exact)
    found = table.setdefault(key, [])
    if all((n.facet, n.value) != (facet, entry.value) for n in found):
        found.append(named)
    return key
