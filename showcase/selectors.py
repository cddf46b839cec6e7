"""Read-side queries for initiatives."""

import re
from collections.abc import Mapping

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, QuerySet

from portal.images.models import CampaignRendition

from .forms import InitiativeFilterForm
from .models import InitiativeGalleryImage, InitiativePage, ShowcaseIndexPage

CARD_RENDITION = "fill-640x400"
MAX_SORTED_MATCHES = 1000
_WORD = re.compile(r"\w+")


def _search_terms(query: str) -> str:
    """Only words reach the search backend: its query syntax (quotes, *, -) is not for users."""
    return " ".join(_WORD.findall(query))[:200]


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


def _ordered(queryset: QuerySet, sort: str) -> QuerySet:
    if sort == "benefit":
        return queryset.order_by(F("benefit_vnd").desc(nulls_last=True), "-first_published_at")
    return queryset.order_by(F("recognised_on").desc(nulls_last=True), "-first_published_at", "-pk")


def initiative_filter(*, filters: Mapping) -> QuerySet:
    queryset = initiative_cards()
    for field in ("sector", "province", "phase", "year"):
        if filters.get(field) is not None:
            queryset = queryset.filter(**{field: filters[field]})
    return _ordered(queryset, filters.get("sort") or "newest")


def paginate(items, *, page_number, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(page_number)


def initiative_listing(*, index_page: ShowcaseIndexPage, params: Mapping) -> dict:
    form = InitiativeFilterForm(params)
    filters = form.valid_filters()
    results = initiative_filter(filters=filters)
    terms = _search_terms(filters.get("q", ""))
    if terms:
        matches = results.order_by().search(terms, order_by_relevance=not filters.get("sort"))
        if filters.get("sort"):
            # The database search backend cannot order by these fields; keep the
            # matches and let the database sort them.
            ids = [page.pk for page in matches[:MAX_SORTED_MATCHES]]
            results = results.filter(pk__in=ids)
        else:
            results = matches
    page = paginate(
        results, page_number=params.get("page"), per_page=settings.PAGE_SIZE_INITIATIVES
    )
    return {
        "filter_form": form,
        "filters": filters,
        "filter_errors": form.error_messages_list(),
        "initiatives": page,
        "result_count": page.paginator.count,
    }


def initiative_related(*, initiative: InitiativePage, limit: int) -> list[InitiativePage]:
    """Same sector first, then same province, highest benefit first."""
    base = initiative_cards().exclude(pk=initiative.pk)
    related = list(
        base.filter(sector=initiative.sector_id).order_by(F("benefit_vnd").desc(nulls_last=True))[
            :limit
        ]
    )
    if len(related) < limit and initiative.province_id:
        seen = [page.pk for page in related]
        related += list(
            base.filter(province=initiative.province_id)
            .exclude(pk__in=seen)
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
