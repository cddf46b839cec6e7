from wagtail import hooks

from showcase.selectors import FEATURED_PICKS_HOOK

from .selectors import featured_picks_above


@hooks.register(FEATURED_PICKS_HOOK)
def featured_picks_of_the_home_page(*, index_page):
    """/sang-kien/noi-bat/ shows the picks editors make on the home page."""
    return featured_picks_above(page=index_page)
