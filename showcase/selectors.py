"""Read-side queries for initiatives."""

from collections.abc import Mapping

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, QuerySet

from portal.images.models import CampaignRendition
from search.paging import requested_page, search_page_of
from search.query import SearchRequest
from search.service import get_search_service

from .forms import InitiativeFilterForm
from .models import InitiativeGalleryImage, InitiativePage, ShowcaseIndexPage
from .search import INITIATIVE, initiative_document

CARD_RENDITION = "fill-640x400"


def initiative_cards(queryset: QuerySet | None = None) -> QuerySet:
    """Live initiatives with everything a listing card shows, in a constant number of queries."""
    queryset = InitiativePage.objects.all() if queryset is None else queryset
    gallery = InitiativeGalleryImage.objects.select_related("image").prefetch_related(
        Prefetch(
            "image__renditions",
            queryset=CampaignRendition.objects.filter(filter_spec=CARD_RENDITION),
        )
    )
    return (
        queryset.live()
        .public()
        .select_related("province", "sector")
        .prefetch_related(Prefetch("gallery_images", queryset=gallery))
    )


def paginate(items, *, page_number, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(page_number)


def _sort_for(filters: Mapping) -> str:
    if filters.get("sort"):
        return filters["sort"]
    return "relevance" if filters.get("q") else "newest"


def _search_request(filters: Mapping, *, page: int, per_page: int) -> SearchRequest:
    return SearchRequest(
        q=filters.get("q", ""),
        types=(INITIATIVE,),
        sectors=(filters["sector"].slug,) if "sector" in filters else (),
        provinces=(filters["province"].code,) if "province" in filters else (),
        phase=filters.get("phase"),
        year=filters.get("year"),
        sort=_sort_for(filters),
        page=page,
        page_size=per_page,
        with_facets=False,
    )


def initiative_cards_for(ids: list[int]) -> list[InitiativePage]:
    """Cards for the given initiatives, in the given order (search ranking)."""
    by_id = {page.pk: page for page in initiative_cards().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def initiative_listing(*, index_page: ShowcaseIndexPage, params: Mapping) -> dict:
    """The showcase listing, answered by the same search service as /tim-kiem/."""
    form = InitiativeFilterForm(params)
    filters = form.valid_filters()
    per_page = settings.PAGE_SIZE_INITIATIVES
    number = requested_page(params.get("page"))
    request = _search_request(filters, page=number, per_page=per_page)
    _, response, page = search_page_of(get_search_service(), request)
    page.object_list = initiative_cards_for([hit.id for hit in response.hits])
    return {
        "filter_form": form,
        "filters": filters,
        "filter_errors": form.error_messages_list(),
        "initiatives": page,
        "result_count": response.count,
        "search_degraded": response.degraded,
    }


def initiative_related(*, initiative: InitiativePage, limit: int) -> list[InitiativePage]:
    """Related by the search engine; same sector, then same province, fill any gap."""
    related = initiative_cards_for(
        [
            hit.id
            for hit in get_search_service().related(initiative_document(initiative), limit=limit)
        ]
    )
    if len(related) >= limit:
        return related
    base = initiative_cards().exclude(pk__in=[initiative.pk, *[page.pk for page in related]])
    for field, value in (("sector", initiative.sector_id), ("province", initiative.province_id)):
        if value and len(related) < limit:
            related += list(
                base.filter(**{field: value})
                .exclude(pk__in=[page.pk for page in related])
                .order_by(F("benefit_vnd").desc(nulls_last=True))[: limit - len(related)]
            )
    return related


def initiative_top_benefit(*, limit: int, exclude_ids=()) -> list[InitiativePage]:
    return list(
        initiative_cards()
        .exclude(pk__in=exclude_ids)
        .filter(benefit_vnd__isnull=False)
        .order_by("-featured", "-benefit_vnd")[:limit]
    )
