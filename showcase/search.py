"""How initiatives are searched: their document, and the vocabularies of their facets.

Registered with `search.registry` by `ShowcaseConfig.ready`, the way a model
declares its `search_fields`.
"""

from datetime import datetime, time

from django.db.models import F, JSONField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from portal.page_addresses import ChildAddresses
from search import registry
from search.documents import SearchDocument, raw_stream_text, tag_names
from search.fallback import plain_snippet, words_filter
from search.query import Hit, SearchRequest

from .campaign import CAMPAIGN_YEARS, Phase
from .models import InitiativePage, InitiativeTag, Province, Sector

INITIATIVE = "initiative"
# Facet -> the column the database counts it on while the engine is down.
FACET_COLUMNS = {
    "sector": "sector__slug",
    "province": "province__code",
    "phase": "phase",
    "year": "year",
}


def _facts(page: InitiativePage) -> dict:
    """What both a document and a database hit say about an initiative besides its text."""
    province, sector = page.province, page.sector
    return {
        "external_id": page.external_id,
        "province_code": province.code if province else None,
        "province_name": province.name if province else None,
        "sector_slug": sector.slug if sector else None,
        "sector_name": sector.name if sector else None,
        "phase": page.phase,
        "year": page.year,
        "benefit_vnd": page.benefit_vnd,
        "reuse_count": page.reuse_count,
    }


def initiative_document(page: InitiativePage) -> SearchDocument:
    province = page.province
    return _document(
        {
            "pk": page.pk,
            "title": page.title,
            "url": page.url or "",
            "summary": page.summary,
            "body": page.body.raw_data,
            "authors": page.authors,
            "unit": page.unit,
            "benefit_note": page.benefit_note,
            "province__full_name": province.full_name if province else "",
            "province__aliases": province.aliases if province else "",
            "recognised_on": page.recognised_on,
            "first_published_at": page.first_published_at,
            **_facts(page),
        },
        tags=tag_names(page),
    )


# The columns a document reads, with the names `_facts` gives them.
_COLUMNS = {
    "pk": "pk",
    "title": "title",
    "path": "path",
    "url_path": "url_path",
    "summary": "summary",
    # The stored blocks as plain JSON: StreamField would build a JSONField per row.
    "body": "stored_body",
    "authors": "authors",
    "unit": "unit",
    "benefit_note": "benefit_note",
    "province__full_name": "province__full_name",
    "province__aliases": "province__aliases",
    "recognised_on": "recognised_on",
    "first_published_at": "first_published_at",
    "external_id": "external_id",
    "province_code": "province__code",
    "province_name": "province__name",
    "sector_slug": "sector__slug",
    "sector_name": "sector__name",
    "phase": "phase",
    "year": "year",
    "benefit_vnd": "benefit_vnd",
    "reuse_count": "reuse_count",
}


def initiative_documents(ids: list[int]) -> list[tuple[SearchDocument, bool]]:
    """The documents of the initiatives among `ids`, each with whether it is live and
    public, in four queries: their columns, their tags, which are public, and their
    parent's address (a page's address is its parent's and its slug)."""
    rows = list(
        InitiativePage._base_manager.filter(pk__in=ids)
        .annotate(stored_body=Cast("body", JSONField()))
        .values_list(*_COLUMNS.values())
    )
    tags: dict[int, list[str]] = {}
    # Put in order here: ORDER BY the links' id lets a planner with stale statistics
    # (during a bulk import) walk every link in id order instead of using the page index.
    for _, page_id, name in sorted(
        InitiativeTag.objects.filter(content_object_id__in=ids)
        .order_by()
        .values_list("pk", "content_object_id", "tag__name")
    ):
        tags.setdefault(page_id, []).append(name)
    shown = set(
        InitiativePage.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True)
    )
    addresses = ChildAddresses()
    documents = []
    for row in rows:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["url"] = addresses(path=values.pop("path"), url_path=values.pop("url_path"))
        document = _document(values, tags=tuple(tags.get(values["pk"], ())))
        documents.append((document, document.id in shown))
    return documents


def _document(values: dict, *, tags: tuple[str, ...]) -> SearchDocument:
    province_names = (
        values["province_name"] or "",
        values["province__full_name"] or "",
        (values["province__aliases"] or "").replace(";", " "),
    )
    return SearchDocument(
        type=INITIATIVE,
        id=values["pk"],
        title=values["title"],
        url=values["url"],
        summary=values["summary"],
        body=raw_stream_text(values["body"]),
        extra=" ".join(
            filter(
                None,
                [
                    values["authors"],
                    values["unit"],
                    values["benefit_note"],
                    " ".join(tags),
                    *province_names,
                    values["sector_name"] or "",
                ],
            )
        ),
        **{name: values[name] for name in FACTS},
        # "Newest" initiatives are the most recently recognised ones.
        published_at=_recognised_at(values["recognised_on"]) or values["first_published_at"],
        tags=tags,
    )


FACTS = (
    "external_id",
    "province_code",
    "province_name",
    "sector_slug",
    "sector_name",
    "phase",
    "year",
    "benefit_vnd",
    "reuse_count",
)


def _recognised_at(recognised_on) -> datetime | None:
    if recognised_on is None:
        return None
    return timezone.make_aware(datetime.combine(recognised_on, time(12)))


def initiatives_with_facts() -> QuerySet:
    """Initiatives with what their document reads, in a constant number of queries."""
    return InitiativePage.objects.select_related("province", "sector").prefetch_related(
        "tagged_items__tag"
    )


def searchable_initiatives() -> QuerySet:
    """Live, public initiatives with what their document reads."""
    return initiatives_with_facts().live().public()


# While the engine is down --------------------------------------------------


def fallback_pages(request: SearchRequest, words: list[str], skip: str | None) -> QuerySet:
    pages = (
        InitiativePage.objects.live()
        .public()
        .select_related("province", "sector")
        .filter(words_filter(words, ("title", "summary")))
    )
    if request.sectors and skip != "sector":
        pages = pages.filter(sector__slug__in=request.sectors)
    if request.provinces and skip != "province":
        pages = pages.filter(province__code__in=request.provinces)
    if request.phase and skip != "phase":
        pages = pages.filter(phase=request.phase)
    if request.year and skip != "year":
        pages = pages.filter(year=request.year)
    if request.benefit_min is not None:
        pages = pages.filter(benefit_vnd__gte=request.benefit_min)
    if request.benefit_max is not None:
        pages = pages.filter(benefit_vnd__lte=request.benefit_max)
    return pages


def fallback_ordering(sort: str) -> tuple:
    # Ties last by id: PostgreSQL orders equal rows differently from one LIMIT to the
    # next, so the pages (and a download's chunks) would repeat some and miss others.
    newest = (F("recognised_on").desc(nulls_last=True), "-first_published_at", "-pk")
    if sort == "benefit":
        return (F("benefit_vnd").desc(nulls_last=True), "-pk")
    if sort == "reused":
        return ("-reuse_count", *newest)
    return newest


def fallback_hit(page: InitiativePage) -> Hit:
    return Hit(
        type=INITIATIVE,
        id=page.pk,
        title=page.title,
        url=page.url,
        summary=page.summary,
        snippet_html=plain_snippet(page.summary),
        published_at=page.first_published_at,
        **_facts(page),
    )


# Vocabularies ---------------------------------------------------------------


NATIONAL_SUFFIX = " Việt Nam"


def province_entries() -> list[registry.VocabularyEntry]:
    """Provinces and central sector unions by code, with every name people write them with."""
    entries = []
    for province in Province.objects.only("code", "name", "full_name", "aliases", "kind"):
        names = [province.name, province.full_name, *province.alias_list]
        if province.name.endswith(NATIONAL_SUFFIX):
            # "Công đoàn Điện lực" names the union as well as "… Việt Nam".
            names.append(province.name.removesuffix(NATIONAL_SUFFIX))
        place = "của" if province.kind == Province.Kind.CENTRAL_UNION else "ở"
        entries.append(
            registry.VocabularyEntry(
                value=province.code,
                label=province.name,
                names=tuple(filter(None, names)),
                suggestion=f"Chỉ xem sáng kiến {place} {province.name}",
            )
        )
    return entries


def sector_entries() -> list[registry.VocabularyEntry]:
    """Sectors, with the editors' keywords and the parts of their names that say what they are."""
    entries = []
    for sector in Sector.objects.only("slug", "name", "keywords"):
        parts = [part.strip() for part in sector.name.replace("–", ",").split(",")]
        # One-word parts ("điện", "than") are too broad to point to one sector.
        keywords = [part for part in parts if len(part.split()) > 1] + sector.keyword_list
        entries.append(
            registry.VocabularyEntry(
                value=sector.slug,
                label=sector.name,
                keywords=tuple(keywords),
                suggestion=f"Chỉ xem sáng kiến lĩnh vực {sector.name}",
            )
        )
    return entries


def phase_entries() -> list[registry.VocabularyEntry]:
    return [
        registry.VocabularyEntry(value=str(value), label=label) for value, label in Phase.choices
    ]


def year_entries() -> list[registry.VocabularyEntry]:
    return [registry.VocabularyEntry(value=str(year), label=str(year)) for year in CAMPAIGN_YEARS]


def register() -> None:
    registry.register_type(
        registry.DocumentType(
            name=INITIATIVE,
            label="Sáng kiến",
            model=InitiativePage,
            build=initiative_document,
            live_pages=searchable_initiatives,
            build_many=initiative_documents,
            fallback=registry.DatabaseFallback(
                pages=fallback_pages,
                ordering=fallback_ordering,
                hit=fallback_hit,
                facet_columns=FACET_COLUMNS,
            ),
            taxonomy={
                Province: lambda province: province.initiatives.values_list("pk", flat=True),
                Sector: lambda sector: sector.initiatives.values_list("pk", flat=True),
            },
        )
    )
    registry.register_vocabulary("province", province_entries)
    registry.register_vocabulary("sector", sector_entries)
    registry.register_vocabulary("phase", phase_entries)
    registry.register_vocabulary("year", year_entries)
