"""What the search engines index: one flat document per page.

The content apps build them (see `search.registry`); this module only knows
their shape and how their text is prepared.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from . import text


@dataclass(frozen=True)
class SearchDocument:
    type: str
    id: int
    title: str
    url: str
    summary: str = ""
    body: str = ""
    # Searchable, not shown: authors, unit, tags, the names of taxonomy rows.
    extra: str = ""
    external_id: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    sector_slug: str | None = None
    sector_name: str | None = None
    phase: int | None = None
    year: int | None = None
    benefit_vnd: int | None = None
    published_at: datetime | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    # How many units reused it (confirmed): the "reused" sort. 0 for what cannot be reused.
    reuse_count: int = 0

    @property
    def key(self) -> str:
        return document_key(self.type, self.id)


def payload(document: SearchDocument) -> dict:
    """What an engine stores to show a hit without asking the database."""
    published = document.published_at
    return {
        "type": document.type,
        "id": document.id,
        # Shown as stored: composed, whatever form the page or the import had.
        "title": text.nfc(document.title),
        "url": document.url,
        "summary": text.nfc(document.summary),
        "body": text.nfc(document.body)[:4000],
        "external_id": document.external_id,
        "province_code": document.province_code,
        "province_name": document.province_name,
        "sector_slug": document.sector_slug,
        "sector_name": document.sector_name,
        "phase": document.phase,
        "year": document.year,
        "benefit_vnd": document.benefit_vnd,
        "reuse_count": document.reuse_count,
        "published_at": published.isoformat() if published else None,
    }


def document_key(doc_type: str, object_id: int) -> str:
    return f"{doc_type}:{object_id}"


def document_id(key: str) -> int:
    """The object id in a document key: "showcase.initiativepage:7" -> 7."""
    return int(key.rpartition(":")[2])


@dataclass(frozen=True)
class PreparedText:
    """A document's text in the two forms every engine indexes, and its folded words'
    adjacent pairs (`text.pairs`)."""

    title_exact: str
    title_fold: str
    text_exact: str
    text_fold: str
    title_pairs: str
    text_pairs: str


def prepare(document: SearchDocument) -> PreparedText:
    return _prepared(document.title, " ".join((document.summary, document.body, document.extra)))


# A page's text goes to the admin index and then to the public one in the same replay.
@lru_cache(maxsize=2_048)
def _prepared(title: str, other: str) -> PreparedText:
    title_words = text.words(title)
    other_words = text.words(other)
    title_folded = list(map(text.fold_word, title_words))
    other_folded = list(map(text.fold_word, other_words))
    # Abbreviations are spelled out at index time too, so "LĐLĐ" in a document
    # matches a search for "liên đoàn lao động" and the other way round.
    spelled_out = text.words(
        " ".join(text.expansions(title_words + other_words, title_folded + other_folded))
    )
    text_folded = other_folded + list(map(text.fold_word, spelled_out))
    return PreparedText(
        title_exact=" ".join(title_words),
        title_fold=" ".join(title_folded),
        text_exact=" ".join(other_words + spelled_out),
        text_fold=" ".join(text_folded),
        title_pairs=" ".join(text.pairs(title_folded)),
        text_pairs=" ".join(text.pairs(text_folded)),
    )


def stream_text(stream) -> str:
    """The searchable text of a StreamField value, one space between blocks."""
    return raw_stream_text(stream.raw_data)


_TAG = re.compile(r"<[^>]*>")


def raw_stream_text(blocks) -> str:
    """The text of a StreamField's stored blocks: every string in their values, markup
    removed (rich text is stored as HTML), numbers (the ids of images and pages) left
    out. Reading the stored data costs a fraction of turning each block into its Python
    value and asking it for its searchable content."""
    parts: list[str] = []
    _strings_in([block.get("value") for block in blocks or ()], parts)
    return " ".join(part for part in parts if part)


def _strings_in(value, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(html.unescape(_TAG.sub(" ", value)).strip())
    elif isinstance(value, dict):
        if "value" in value and value.keys() <= {"type", "value", "id"}:
            # A list or stream item: its type and id are not text.
            _strings_in(value["value"], parts)
            return
        for item in value.values():
            _strings_in(item, parts)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strings_in(item, parts)


def tag_names(page) -> tuple[str, ...]:
    """Tag names read through the prefetched `tagged_items`; `page.tags.all()` would query again."""
    return tuple(item.tag.name for item in page.tagged_items.all())
