"""Read-side queries for initiatives."""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from wagtail import hooks
from wagtail.images.models import Filter

from portal.images.models import CampaignRendition
from portal.vietnamese import match_key
from search.paging import requested_page, search_page_of
from search.query import SearchRequest
from search.service import get_search_service

from .campaign import BENEFIT_RANGE_FLOORS, BenefitRange, RecognitionStatus
from .forms import InitiativeFilterForm, InitiativeReuseForm
from .models import (
    CampaignUnit,
    InitiativeGalleryImage,
    InitiativePage,
    InitiativeReuse,
    InitiativeTally,
    ShowcaseIndexPage,
)
from .search import INITIATIVE, initiative_document

# The renditions of an initiative card's picture: exactly the specs of the {% picture %}
# tag in templates/components/initiative_cover.html, read with the cards in one query.
CARD_RENDITIONS = Filter.expand_spec("format-{avif,webp,jpeg}|fill-{320x200,640x400}")
FEATURED_PAGE_SIZE = 24
# A registered idea has not been judged yet: only these levels fill the featured list.
RECOGNISED_LEVELS = (
    RecognitionStatus.RECOGNISED,
    RecognitionStatus.HONOURED,
    RecognitionStatus.NATIONAL,
)
# The editors' picks are kept on the home page, a layer above showcase: the app that keeps
# them answers this hook with `FeaturedPick`s for a showcase index page.
FEATURED_PICKS_HOOK = "featured_initiative_picks"


@dataclass(frozen=True)
class FeaturedPick:
    """An initiative an editor chose to feature, with the editor's note."""

    initiative_id: int
    note: str = ""


def initiative_cards(queryset: QuerySet | None = None) -> QuerySet:
    """Live initiatives with everything a listing card shows, in a constant number of queries."""
    queryset = InitiativePage.objects.all() if queryset is None else queryset
    gallery = InitiativeGalleryImage.objects.select_related("image").prefetch_related(
        Prefetch(
            "image__renditions",
            queryset=CampaignRendition.objects.filter(filter_spec__in=CARD_RENDITIONS),
        )
    )
    return (
        queryset.live()
        .public()
        .select_related("province", "sector")
        .prefetch_related(Prefetch("gallery_images", queryset=gallery))
    )


# What an initiative's own page shows of its pictures: the lead, the rest.
# (the specs of the {% picture %} tags in templates/showcase/initiative_page.html)
PAGE_RENDITIONS = (
    *Filter.expand_spec("format-{avif,webp,jpeg}|width-{480,800,1200}"),
    *Filter.expand_spec("format-{avif,webp,jpeg}|fill-{240x160,480x320}"),
)


def initiative_gallery(*, initiative: InitiativePage) -> list[InitiativeGalleryImage]:
    """The initiative's pictures in order, with their images and the renditions its page
    shows, in three queries whatever their number. A preview's unsaved pictures come as
    the editor left them."""
    items = initiative.gallery_images.all()
    if isinstance(items, QuerySet):
        items = items.select_related("image").prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=CampaignRendition.objects.filter(filter_spec__in=PAGE_RENDITIONS),
            )
        )
    return list(items)


# What a body's pictures show (the specs of the {% picture %} tag in
# templates/components/blocks/captioned_image.html); an article's lead picture too.
BODY_RENDITIONS = Filter.expand_spec("format-{avif,webp,jpeg}|width-{480,800,1200}")


def prefetch_body_renditions(body, *images) -> None:
    """The renditions of the pictures in a page's `body`, and of `images` (an article's
    lead picture), read in one query. Otherwise each picture reads its own wherever the
    process's renditions cache does not hold them (a process just started, an entry expired)."""
    pictures = [block.value["image"] for block in body.blocks_by_name("image")]
    pictures = [image for image in (*pictures, *images) if image is not None]
    prefetch_related_objects(
        pictures,
        Prefetch(
            "renditions",
            queryset=CampaignRendition.objects.filter(filter_spec__in=BODY_RENDITIONS),
        ),
    )


def paginate(items, *, page_number, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(page_number)


def _sort_for(filters: Mapping) -> str:
    if filters.get("sort"):
        return filters["sort"]
    return "relevance" if filters.get("q") else "newest"


def listing_search_request(filters: Mapping, *, page: int, per_page: int) -> SearchRequest:
    """The search behind the showcase listing with these filters (its downloads ask the
    same, so that they hold its rows in its order)."""
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
    request = listing_search_request(filters, page=number, per_page=per_page)
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
    nearby = Q(pk__in=[])
    if initiative.sector_id:
        nearby |= Q(sector=initiative.sector_id)
    if initiative.province_id:
        nearby |= Q(province=initiative.province_id)
    # Same sector first, then same province, each by benefit: one query for both.
    related += list(
        initiative_cards()
        .filter(nearby)
        .exclude(pk__in=[initiative.pk, *[page.pk for page in related]])
        .annotate(same_sector=Case(When(sector=initiative.sector_id, then=1), default=0))
        .order_by("-same_sector", F("benefit_vnd").desc(nulls_last=True))[: limit - len(related)]
    )
    return related


def initiative_top_benefit_ids(*, limit: int, exclude_ids=()) -> list[int]:
    """The live, public recognised initiatives that saved the most; among equal benefits,
    those marked "nổi bật" come first."""
    if limit <= 0:
        return []
    return list(
        initiative_cards()
        .filter(status__in=RECOGNISED_LEVELS, benefit_vnd__isnull=False)
        .exclude(pk__in=exclude_ids)
        .order_by("-benefit_vnd", "-featured", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def featured_initiatives(*, picks: Sequence[FeaturedPick], limit: int) -> list[InitiativePage]:
    """The editors' picks in their order, skipping those not live or not public, then the
    highest-benefit recognised initiatives, `limit` in all and each once.

    Every page carries `picked` (chosen by an editor) and `editor_note` ("" when none).
    """
    notes: dict[int, str] = {}
    for pick in picks:
        notes.setdefault(pick.initiative_id, pick.note)
    # Enough of the top for any number of visible picks; then all the cards at once.
    top_ids = initiative_top_benefit_ids(limit=limit, exclude_ids=list(notes))
    cards = {page.pk: page for page in initiative_cards().filter(pk__in=[*notes, *top_ids])}
    featured = [cards[pk] for pk in notes if pk in cards][:limit]
    for page in featured:
        page.picked, page.editor_note = True, notes[page.pk]
    for pk in top_ids:
        if len(featured) >= limit:
            break
        if pk in cards:
            page = cards[pk]
            page.picked, page.editor_note = False, ""
            featured.append(page)
    return featured


def featured_picks(*, index_page: ShowcaseIndexPage) -> list[FeaturedPick]:
    return [
        pick
        for answer in hooks.get_hooks(FEATURED_PICKS_HOOK)
        for pick in answer(index_page=index_page)
    ]


def featured_listing(*, index_page: ShowcaseIndexPage) -> dict:
    """The page /sang-kien/noi-bat/: the same picks as the home page, with more filled in."""
    picks = featured_picks(index_page=index_page)
    featured = featured_initiatives(picks=picks, limit=FEATURED_PAGE_SIZE)
    return {
        "featured_initiatives": featured,
        "picked_initiatives": [page for page in featured if page.picked],
        "top_initiatives": [page for page in featured if not page.picked],
    }


def unit_initiatives(*, unit: CampaignUnit, limit: int) -> list[InitiativePage]:
    """The library's initiatives from a campaign unit, highest benefit first: a national
    unit's are those filed under its province or central union; a sub-unit's are those of
    its province whose unit names it."""
    holder = unit
    while holder.province_id is None and holder.parent_id is not None:
        holder = holder.parent
    province_id = holder.province_id
    if province_id is None:
        return []
    initiatives = initiative_cards().filter(province_id=province_id)
    if not unit.is_national:
        names = Q(unit__icontains=unit.name)
        if unit.short_name:
            names |= Q(unit__icontains=unit.short_name)
        initiatives = initiatives.filter(names)
    return list(
        initiatives.order_by(F("benefit_vnd").desc(nulls_last=True), "-first_published_at")[:limit]
    )


# The initiatives' tally ---------------------------------------------------------------

Dimension = InitiativeTally.Dimension


def benefit_range_expression() -> Case:
    """The BenefitRange of an initiative's `benefit_vnd`, computed by the database."""
    highest_first = sorted(BENEFIT_RANGE_FLOORS.items(), key=lambda item: -item[1])
    return Case(
        When(benefit_vnd__isnull=True, then=Value(int(BenefitRange.UNQUANTIFIED))),
        *(When(benefit_vnd__gte=floor, then=Value(int(rng))) for rng, floor in highest_first),
    )


# What an initiative adds to each dimension of the tally, from its page; 0 for a missing
# province, sector or phase, as the tally's keys have it.
_TALLY_COLUMNS = {
    "t_province": Coalesce("province_id", 0),
    "t_sector": Coalesce("sector_id", 0),
    "t_phase": Coalesce("phase", 0),
    "t_range": benefit_range_expression(),
}
_PAGE_COLUMNS = dict(zip(Dimension, _TALLY_COLUMNS, strict=True))


def countable_initiatives(initiatives: QuerySet) -> QuerySet:
    """The live, public pages among `initiatives` as rows of (page id, province, sector,
    phase, benefit range, benefit): TalliedInitiative's columns, in its order."""
    columns = {"t_page": F("pk"), **_TALLY_COLUMNS, "t_benefit": F("benefit_vnd")}
    return initiatives.live().public().order_by().annotate(**columns).values_list(*columns)


def benefit_sum(field: str) -> Coalesce:
    """The sum of `field`, 0 over no rows, as a bigint on every database."""
    return Coalesce(Sum(field), 0, output_field=BigIntegerField())


def tally_sums(rows: QuerySet, *, columns: dict | None = None) -> QuerySet:
    """Per dimension of the tally and key, how many of `rows` there are and their benefit
    added up, as (dimension, key, count, benefit) in one query. `columns` names each
    dimension's column in `rows`, where it is not the dimension's own name."""
    columns = columns or {dimension: dimension.value for dimension in Dimension}
    parts = [
        rows.order_by()
        .annotate(t_dimension=Value(dimension.value), t_key=F(columns[dimension]))
        .values_list("t_dimension", "t_key")
        .annotate(count=Count("pk"), benefit=benefit_sum("benefit_vnd"))
        for dimension in Dimension
    ]
    return parts[0].union(*parts[1:], all=True)


def library_totals() -> dict:
    """How many live, public initiatives the library holds, how many provinces and
    central unions they come from, and their benefit added up: read from the tally's
    province rows (a hundred), not counted over every initiative."""
    rows = InitiativeTally.objects.filter(dimension=Dimension.PROVINCE, count__gt=0)
    return rows.aggregate(
        initiatives=Coalesce(Sum("count"), 0),
        units=Count("pk", filter=Q(key__gt=0)),
        benefit=benefit_sum("benefit_vnd"),
    )


def tally_differences() -> list[tuple[tuple[str, int], tuple[int, int], tuple[int, int]]]:
    """Where the tally disagrees with the initiatives counted afresh: ((dimension, key),
    (count, benefit) in the tally, (count, benefit) counted now). Empty when it is
    right. Counts every initiative: for checks and tests, not for pages."""
    stored = {
        (dimension, key): (count, benefit)
        for dimension, key, count, benefit in InitiativeTally.objects.values_list(
            "dimension", "key", "count", "benefit_vnd"
        )
        if count or benefit
    }
    pages = InitiativePage.objects.live().public().annotate(**_TALLY_COLUMNS)
    recounted = {
        (dimension, key): (count, benefit)
        for dimension, key, count, benefit in tally_sums(pages, columns=_PAGE_COLUMNS)
    }
    return [
        (key, stored.get(key, (0, 0)), recounted.get(key, (0, 0)))
        for key in sorted(stored.keys() | recounted.keys())
        if stored.get(key) != recounted.get(key)
    ]


# Reuses ("Đơn vị tôi đã áp dụng") ------------------------------------------------------

# Members of this group (created by a migration) record reuses that count at once.
UNION_ACCOUNTS_GROUP = "Tài khoản công đoàn"
REUSE_PERMISSION = "showcase.add_initiativereuse"
# How many of an initiative's confirmed reuses its page lists.
RECENT_REUSES = 5


def live_import_fingerprints(*, external_ids: Collection[str]) -> dict[str, str]:
    """The fingerprint of the row each live initiative among `external_ids` was imported
    from: an import passes over a row that has its page's fingerprint."""
    return dict(
        InitiativePage._base_manager.filter(
            external_id__in=list(external_ids), live=True
        ).values_list("external_id", "import_fingerprint")
    )


def is_union_account(user) -> bool:
    """Whether `user` speaks for a trade union, so that the reuses it records are
    confirmed at once: staff, members of the group "Tài khoản công đoàn", or anyone
    given the permission to add reuses."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_staff
        or user.groups.filter(name=UNION_ACCOUNTS_GROUP).exists()
        or user.has_perm(REUSE_PERMISSION)
    )


def reuse_recent(*, initiative: InitiativePage, limit: int = RECENT_REUSES) -> list:
    """The initiative's latest confirmed reuses, as its page lists them."""
    if not initiative.reuse_count:  # the common case costs no query
        return []
    return list(
        InitiativeReuse.objects.filter(
            initiative=initiative, status=InitiativeReuse.Status.CONFIRMED
        )
        .select_related("province")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")[:limit]
    )


def reuse_unit_recorded(*, initiative: InitiativePage, unit_name: str) -> bool:
    """Whether a unit of this name (case, accents and punctuation aside) already has a
    pending or confirmed reuse of the initiative: a unit counts once."""
    key = match_key(unit_name)
    names = (
        InitiativeReuse.objects.filter(initiative=initiative)
        .exclude(status=InitiativeReuse.Status.REJECTED)
        .values_list("unit_name", flat=True)
    )
    return any(match_key(name) == key for name in names)


def reuse_section(*, initiative: InitiativePage, user, form=None) -> dict:
    """What the section "Đơn vị tôi đã áp dụng" of an initiative's page shows: the
    count, the latest confirmed reuses and the form (`form` when re-shown with errors)."""
    return {
        "reuse_form": form or InitiativeReuseForm(initiative=initiative, user=user),
        "recent_reuses": reuse_recent(initiative=initiative),
        "reuse_is_union_account": is_union_account(user),
    }


# The sitemap's initiative files ----------------------------------------------------------
#
# A million initiatives make 20 sitemap files of at most 50,000 addresses. File `n` holds
# the live, public initiatives whose ids lie in [n × 50,000, (n + 1) × 50,000): the index
# lists the files in one grouped query, and a file is read a slice of ids at a time, so
# neither ever holds more than a slice of pages in memory.

SITEMAP_FILE_SIZE = 50_000
SITEMAP_READ_CHUNK = 2_000


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    url_path: str
    lastmod: datetime


def initiative_sitemap_files() -> list[tuple[int, datetime]]:
    """(file number, its latest change) of each file that has an initiative."""
    files = (
        InitiativePage.objects.live()
        .public()
        .annotate(file=F("pk") / Value(SITEMAP_FILE_SIZE))
        .values("file")
        .annotate(lastmod=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        .order_by("file")
        .values_list("file", "lastmod")
    )
    return list(files)


def _sitemap_file(number: int) -> QuerySet:
    return (
        InitiativePage.objects.live()
        .public()
        .filter(pk__gte=number * SITEMAP_FILE_SIZE, pk__lt=(number + 1) * SITEMAP_FILE_SIZE)
    )


def initiative_sitemap_file_exists(number: int) -> bool:
    return number >= 0 and _sitemap_file(number).exists()


def initiative_sitemap_entries(number: int) -> Iterator[SitemapEntry]:
    """The initiatives of file `number`, read by ids in slices (keyset, no offset)."""
    pages = _sitemap_file(number).order_by("pk")
    last = -1
    while chunk := list(
        pages.filter(pk__gt=last).values_list(
            "pk",
            "path",
            "url_path",
            Coalesce("last_published_at", "latest_revision_created_at"),
        )[:SITEMAP_READ_CHUNK]
    ):
        for _, path, url_path, lastmod in chunk:
            yield SitemapEntry(path=path, url_path=url_path, lastmod=lastmod)
        last = chunk[-1][0]
