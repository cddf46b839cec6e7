"""The engine-independent shape of a search and of its answer."""

from dataclasses import dataclass, field
from datetime import datetime

# "reused": most reused first (SearchDocument.reuse_count), then the newest.
SORTS = ("relevance", "newest", "benefit", "reused")
FACET_FIELDS = ("sector", "province", "phase", "year")
MAX_PAGE_SIZE = 100
SNIPPET_SOURCE = 1500


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    # Document types to search (search.registry); empty searches every type.
    types: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    phase: int | None = None
    year: int | None = None
    benefit_min: int | None = None
    benefit_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def is_filtered(self) -> bool:
        """Whether anything beyond the typed words narrows or reorders the results."""
        bounds = (self.benefit_min, self.benefit_max)
        return bool(
            self.sectors
            or self.provinces
            or self.phase
            or self.year
            or any(bound is not None for bound in bounds)
            or self.sort != "relevance"
        )


@dataclass
class Hit:
    type: str
    id: int
    title: str
    url: str
    summary: str
    snippet_html: str
    external_id: str | None
    province_code: str | None
    province_name: str | None
    sector_slug: str | None
    sector_name: str | None
    phase: int | None
    year: int | None
    benefit_vnd: int | None
    published_at: datetime | None
    score: float = 0.0
    # Ranked by relevance: True for a document with only some of the query's content
    # words, after those with all of them; None when sorted otherwise.
    partial: bool | None = None
    reuse_count: int = 0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SuggestedFilter:
    """A filter the query seems to ask for, offered as one click ("Chỉ xem sáng kiến ở Cần Thơ")."""

    facet: str
    value: str
    label: str
    text: str


@dataclass
class SearchResponse:
    request: SearchRequest
    backend: str
    count: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    degraded: bool = False
    suggested_filters: list[SuggestedFilter] = field(default_factory=list)


def hit_from_payload(payload: dict, highlight_terms, score: float = 0.0) -> Hit:
    from .highlight import snippet_html

    # The passage is looked for in the summary and the start of the body: enough
    # for the best 220 characters, and a fixed cost per hit whatever the body's length.
    source = f"{payload.get('summary', '')} {payload.get('body', '')}"[:SNIPPET_SOURCE]
    published = payload.get("published_at")
    return Hit(
        type=payload["type"],
        id=payload["id"],
        title=payload["title"],
        url=payload["url"],
        summary=payload.get("summary", ""),
        snippet_html=snippet_html(source, highlight_terms),
        external_id=payload.get("external_id"),
        province_code=payload.get("province_code"),
        province_name=payload.get("province_name"),
        sector_slug=payload.get("sector_slug"),
        sector_name=payload.get("sector_name"),
        phase=payload.get("phase"),
        year=payload.get("year"),
        benefit_vnd=payload.get("benefit_vnd"),
        published_at=datetime.fromisoformat(published) if published else None,
        score=float(score),
        reuse_count=payload.get("reuse_count") or 0,
    )
