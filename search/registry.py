"""What the content apps tell search about their content.

`search` is a layer below the content apps: it never imports them. Each app
registers, from its `AppConfig.ready`, the document types it indexes (the way a
Wagtail model declares `search_fields`) and the vocabularies of its facets:

    registry.register_type(DocumentType(name="initiative", label="Sáng kiến", ...))
    registry.register_vocabulary("province", province_entries)

A `DocumentType` says which page model it indexes, how a page becomes a
`SearchDocument`, which pages are live and public (with the prefetching the
builder needs), which pages a renamed taxonomy row touches, and how the database
answers for the type while the engine is down (`search.fallback`).

A vocabulary is a callable returning the known values of one facet
("province", "sector", "phase", "year") as `VocabularyEntry` rows: the value
used in filters and facets (a province code, a sector slug), its label, and the
phrases that name it (a province's full name and aliases) or only point to it
(a sector's keywords). Search labels facet counts and validates filter values
with them; query understanding can read the phrases. They are read from the
database on every call, so an edit shows at once; cache in the caller if needed.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet

from .documents import SearchDocument
from .query import Hit, SearchRequest


@dataclass(frozen=True)
class DatabaseFallback:
    """How the database answers for one document type while the engine is unreachable.

    `pages(request, words, skip)` returns the live public pages having every word
    and passing the request's filters, except the facet named by `skip` (facet
    counts respect the other filters only); an empty queryset when the filters
    rule the type out. `ordering(sort)` gives `order_by()` arguments for a sort,
    `hit(page)` the result shown, and `facet_columns` the column each facet
    counts, for the types that have facets.
    """

    pages: Callable[[SearchRequest, list[str], str | None], QuerySet]
    ordering: Callable[[str], Sequence]
    hit: Callable[[Any], Hit]
    facet_columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentType:
    name: str
    # Shown to readers, e.g. on the search page's type switch.
    label: str
    model: type[models.Model]
    build: Callable[[Any], SearchDocument]
    # Live, public pages with everything `build` reads already fetched.
    live_pages: Callable[[], QuerySet]
    fallback: DatabaseFallback
    # Rows whose name is indexed with the pages: model -> the ids of the pages using a row.
    taxonomy: Mapping[type[models.Model], Callable[[Any], Iterable[int]]] = field(
        default_factory=dict
    )

    def documents(
        self, *, ids: Iterable[int] | None = None, chunk_size: int = 500
    ) -> Iterator[SearchDocument]:
        """Documents of the live, public pages (of those among `ids`), read in chunks."""
        pages = self.live_pages().order_by("pk")
        if ids is not None:
            pages = pages.filter(pk__in=list(ids))
        for page in pages.iterator(chunk_size=chunk_size):
            yield self.build(page)


@dataclass(frozen=True)
class VocabularyEntry:
    """One known value of a facet and the words that point to it.

    `names` name the value itself ("TP Hồ Chí Minh", "TP.HCM", "Sài Gòn"): a query
    naming one means that value. `keywords` only suggest it (an education sector's
    "giáo viên").
    """

    value: str
    label: str
    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # The one-click filter the search page offers when a query names or suggests
    # the value ("Chỉ xem sáng kiến ở Cần Thơ"); none when empty.
    suggestion: str = ""


_types: dict[str, DocumentType] = {}
_vocabularies: dict[str, Callable[[], Iterable[VocabularyEntry]]] = {}


def register_type(document_type: DocumentType) -> None:
    """Index `document_type`, and keep the index in step with its pages and taxonomy rows."""
    from . import signals

    _types[document_type.name] = document_type
    signals.connect_type(document_type)


def register_vocabulary(facet: str, source: Callable[[], Iterable[VocabularyEntry]]) -> None:
    """Make `source()` the known values of `facet`; a later registration replaces it."""
    from . import lexicon

    _vocabularies[facet] = source
    lexicon.invalidate()


def document_types(names: Iterable[str] = ()) -> list[DocumentType]:
    """The registered types, or those among `names`; every type when `names` is empty."""
    wanted = set(names)
    return [entry for name, entry in _types.items() if not wanted or name in wanted]


def document_type(name: str) -> DocumentType | None:
    return _types.get(name)


def type_names() -> tuple[str, ...]:
    return tuple(_types)


def type_for_model(model) -> DocumentType | None:
    return next((entry for entry in _types.values() if issubclass(model, entry.model)), None)


def vocabulary(facet: str) -> list[VocabularyEntry]:
    """The known values of `facet`; empty when no app registered it."""
    source = _vocabularies.get(facet)
    return list(source()) if source else []


def vocabulary_facets() -> tuple[str, ...]:
    return tuple(_vocabularies)


def facet_labels(facet: str) -> dict[str, str]:
    return {entry.value: entry.label for entry in vocabulary(facet)}


def facet_values(facet: str) -> set[str]:
    return {entry.value for entry in vocabulary(facet)}
