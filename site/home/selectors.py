"""What the home page shows, and the sections under it that every page links to."""

from django.http import HttpRequest
from wagtail.models import Page, Site

from news.selectors import news_latest
from portal.page_cache import depends_on, page_tag
from showcase.race import campaign_totals
from showcase.selectors import FeaturedPick, featured_initiatives, library_totals

from .models import HomePage

FEATURED_COUNT = 6
LATEST_NEWS_COUNT = 4
# Where a request keeps the sections it has read (as Wagtail keeps its site there).
_SECTIONS_ATTRIBUTE = "_home_sections"


def home_sections(*, request: HttpRequest, home: Page) -> list[Page]:
    """The home page's children (the library, the news), with their content types, read
    once per request: routing into them, the navigation and the breadcrumbs share them."""
    memo = getattr(request, _SECTIONS_ATTRIBUTE, None)
    if memo is None or memo[0] != home.pk:
        sections = list(Page.objects.child_of(home).select_related("content_type").order_by("path"))
        memo = (home.pk, sections)
        setattr(request, _SECTIONS_ATTRIBUTE, memo)
    return memo[1]


def sections_read(*, request: HttpRequest) -> list[Page] | None:
    """The sections this request has already read (routing to a page reads them)."""
    memo = getattr(request, _SECTIONS_ATTRIBUTE, None)
    return None if memo is None else memo[1]


def page_ancestors(*, request: HttpRequest | None, page: Page) -> list[Page]:
    """`page`'s ancestors under the tree's root, from what routing to it read when that
    covers them (the home page and its sections), else from the database."""
    wanted = [page.path[: Page.steplen * depth] for depth in range(2, page.depth)]
    known = {}
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        known[site.root_page.path] = site.root_page
        for section in sections_read(request=request) or ():
            known[section.path] = section
    if all(path in known for path in wanted):
        return [known[path] for path in wanted]
    return list(page.get_ancestors().filter(depth__gt=1))


def home_counters(*, home: HomePage) -> dict:
    """Each figure: the editors' own if they typed one (marked as theirs), else the
    units' latest reports (with their date), else what the library holds."""
    counted = library_totals()
    reported = campaign_totals()
    fallback = {
        "initiatives": counted["initiatives"],
        "units": counted["units"],
        "benefit_vnd": counted["benefit"] or 0,
    }
    typed = {
        "initiatives": home.campaign_initiatives,
        "units": home.campaign_units,
        "benefit_vnd": home.campaign_benefit_vnd,
    }
    counters = {"library_count": counted["initiatives"], "overridden": [], "as_of": None}
    for name, value in typed.items():
        if value is not None:
            counters[name] = value
            counters["overridden"].append(name)
        elif reported and reported[name]:
            counters[name] = reported[name]
            counters["as_of"] = reported["as_of"]
        else:
            counters[name] = fallback[name]
    return counters


def home_featured_picks(*, home: HomePage) -> list[FeaturedPick]:
    """The editors' picks in their order; read from `home` itself so that a preview shows
    the picks being edited."""
    return [
        FeaturedPick(initiative_id=link.initiative_id, note=link.note)
        for link in home.featured_initiatives.all()
    ]


def featured_picks_above(*, page: Page) -> list[FeaturedPick]:
    """The picks of the home page that `page` sits under (the showcase's featured page)."""
    home = HomePage.objects.ancestor_of(page).first()
    if home is None:
        return []
    depends_on(page_tag(home.pk))
    return home_featured_picks(home=home)


def home_content(*, home: HomePage) -> dict:
    return {
        "counters": home_counters(home=home),
        "featured_initiatives": featured_initiatives(
            picks=home_featured_picks(home=home), limit=FEATURED_COUNT
        ),
        "latest_news": news_latest(limit=LATEST_NEWS_COUNT),
    }
