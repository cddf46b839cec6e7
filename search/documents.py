"""What the search engines index: one flat document per initiative or news article."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone

from . import text

INITIATIVE = "initiative"
NEWS = "news"
TYPES = (INITIATIVE, NEWS)


@dataclass(frozen=True)
class SearchDocument:
    type: str
    id: int
    title: str
    url: str
    summary: str = ""
    body: str = ""
    # Authors, unit, tags, province and sector names, categories: searchable, not shown.
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
        "published_at": published.isoformat() if published else None,
    }


def document_key(doc_type: str, object_id: int) -> str:
    return f"{doc_type}:{object_id}"


@dataclass(frozen=True)
class PreparedText:
    """A document's text in the two forms every engine indexes."""

    title_exact: str
    title_fold: str
    text_exact: str
    text_fold: str


def prepare(document: SearchDocument) -> PreparedText:
    title_words = text.words(document.title)
    other_words = text.words(" ".join((document.summary, document.body, document.extra)))
    # Abbreviations are spelled out at index time too, so "LĐLĐ" in a document
    # matches a search for "liên đoàn lao động" and the other way round.
    spelled_out = text.words(" ".join(text.expansions(title_words + other_words)))
    all_words = other_words + spelled_out
    return PreparedText(
        title_exact=" ".join(title_words),
        title_fold=" ".join(map(text.fold_word, title_words)),
        text_exact=" ".join(all_words),
        text_fold=" ".join(map(text.fold_word, all_words)),
    )


def _stream_text(stream) -> str:
    return " ".join(
        part.strip() for part in stream.stream_block.get_searchable_content(stream) if part
    )


def _tag_names(page) -> tuple[str, ...]:
    # Read through the prefetched `tagged_items`; `page.tags.all()` would query again.
    return tuple(item.tag.name for item in page.tagged_items.all())


def initiative_document(page) -> SearchDocument:
    tags = _tag_names(page)
    province, sector = page.province, page.sector
    return SearchDocument(
        type=INITIATIVE,
        id=page.pk,
        title=page.title,
        url=page.url or "",
        summary=page.summary,
        body=_stream_text(page.body),
        extra=" ".join(
            filter(
                None,
                [
                    page.authors,
                    page.unit,
                    page.benefit_note,
                    " ".join(tags),
                    province.name if province else "",
                    province.full_name if province else "",
                    province.aliases.replace(";", " ") if province else "",
                    sector.name if sector else "",
                ],
            )
        ),
        external_id=page.external_id,
        province_code=province.code if province else None,
        province_name=province.name if province else None,
        sector_slug=sector.slug if sector else None,
        sector_name=sector.name if sector else None,
        phase=page.phase,
        year=page.year,
        benefit_vnd=page.benefit_vnd,
        # "Newest" initiatives are the most recently recognised ones.
        published_at=_recognised_at(page) or page.first_published_at,
        tags=tags,
    )


def _recognised_at(page) -> datetime | None:
    if page.recognised_on is None:
        return None
    return timezone.make_aware(datetime.combine(page.recognised_on, time(12)))


def article_document(page) -> SearchDocument:
    tags = _tag_names(page)
    categories = " ".join(category.name for category in page.categories.all())
    published = timezone.make_aware(datetime.combine(page.published_on, time(8)))
    return SearchDocument(
        type=NEWS,
        id=page.pk,
        title=page.title,
        url=page.url or "",
        summary=page.lead,
        body=_stream_text(page.body),
        extra=" ".join(filter(None, [page.author, " ".join(tags), categories])),
        year=page.published_on.year,
        published_at=published,
        tags=tags,
    )


def live_documents(
    doc_type: str, *, ids: Iterable[int] | None = None, chunk_size: int = 500
) -> Iterator[SearchDocument]:
    """Documents of the live, public pages of one type, read in chunks."""
    from news.models import NewsArticlePage
    from showcase.models import InitiativePage

    if doc_type == INITIATIVE:
        pages = InitiativePage.objects.select_related("province", "sector").prefetch_related(
            "tagged_items__tag"
        )
        build = initiative_document
    else:
        pages = NewsArticlePage.objects.prefetch_related("tagged_items__tag", "categories")
        build = article_document
    pages = pages.live().public().order_by("pk")
    if ids is not None:
        pages = pages.filter(pk__in=list(ids))
    for page in pages.iterator(chunk_size=chunk_size):
        yield build(page)
