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
from wagtail.models import Site

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
    # The documents of every page among some ids, drafts included, each with whether
    # the page is live and public. When given, a replay or a rebuild reads pages a batch
    # at a time in a few queries, for both indexes, instead of one model instance each.
    build_many: Callable[[list[int]], list[tuple[SearchDocument, bool]]] | None = None

    def documents(
        self, *, ids: Iterable[int] | None = None, chunk_size: int = 500
    ) -> Iterator[SearchDocument]:
        """Documents of the live, public pages (of those among `ids`), read in chunks."""
        if self.build_many is not None:
            chunks = self._id_chunks(chunk_size) if ids is None else _chunks(list(ids), chunk_size)
            for chunk in chunks:
                yield from (document for document, shown in self.build_many(chunk) if shown)
            return
        pages = self.live_pages().order_by("pk")
        if ids is None:
            yield from self._built(pages.iterator(chunk_size=chunk_size))
            return
        for chunk in _chunks(list(ids), chunk_size):
            # A list, not a server-side cursor: PostgreSQL plans a cursor for its first
            # rows and would walk the whole primary key looking for these few.
            yield from self._built(list(pages.filter(pk__in=chunk)))

    def both_documents(
        self, ids: Iterable[int], *, chunk_size: int = 500
    ) -> tuple[list[SearchDocument], list[SearchDocument]]:
        """(documents of the live, public pages, documents of every page) among `ids`,
        for the public index and the admin one; needs `build_many`."""
        public, every = [], []
        for chunk in _chunks(list(ids), chunk_size):
            for document, shown in self.build_many(chunk):
                every.append(document)
                if shown:
                    public.append(document)
        return public, every

    def all_documents(self, *, chunk_size: int = 2_000) -> Iterator[SearchDocument]:
        """Documents of every page of the type (needs `build_many`), in chunks."""
        for chunk in self._id_chunks(chunk_size):
            yield from (document for document, _ in self.build_many(chunk))

    def _id_chunks(self, size: int) -> Iterator[list[int]]:
        ids = self.model._base_manager.order_by("pk").values_list("pk", flat=True)
        last = None
        while chunk := list((ids if last is None else ids.filter(pk__gt=last))[:size]):
            yield chunk
            last = chunk[-1]

    def _built(self, pages: Iterable) -> Iterator[SearchDocument]:
        root_paths = None
        for page in pages:
            if root_paths is None:
                root_paths = Site.get_site_root_paths()
            # Wagtail reads a page's sites from here, instead of from the cache page by page.
            page._wagtail_cached_site_root_paths = root_paths
            yield self.build(page)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def batch_type(model) -> DocumentType | None:
    """The type registered for exactly `model` when it builds its documents a batch at a
    time (`build_many`): both indexes are then fed from the same documents."""
    document_type = type_for_model(model)
    if document_type is not None and document_type.model is model and document_type.build_many:
        return document_type
    return None


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
