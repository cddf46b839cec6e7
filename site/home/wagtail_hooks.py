from wagtail import hooks

from portal.page_cache import depends_on, page_tag
from showcase.selectors import FEATURED_PICKS_HOOK

from .selectors import featured_picks_above


@hooks.register(FEATURED_PICKS_HOOK)
def featured_picks_of_the_home_page(*, index_page):
    """/sang-kien/noi-bat/ shows the picks editors make on the home page."""
    return featured_picks_above(page=index_page)


@hooks.register("before_serve_page")
def record_what_the_page_shows(page, request, serve_args, serve_kwargs):
    """The page, the site around it and what its type lists (portal.page_cache)."""
    depends_on(page_tag(page.pk), "site", *getattr(page, "cache_tags", ()))
