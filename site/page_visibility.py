"""Which pages the public may see, with the view restrictions read once per request.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called,
and a page built from several listings calls it several times. `VisiblePageQuerySet`
reads them once per GET request (`ViewRestrictionsPerRequestMiddleware`); outside a
request (commands, tests) each call reads them afresh, as Wagtail does. Before serving
a page, Wagtail reads its ancestors and then their restrictions: pages with
`RestrictionsReadOncePageMixin` skip both while the site has no restriction at all.
"""

from contextvars import ContextVar

from django.db.models import Q
from wagtail.models import PageManager, PageQuerySet, PageViewRestriction

_memo: ContextVar[dict | None] = ContextVar("view_restrictions", default=None)


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages with a view restriction (their descendants inherit it)."""
    memo = _memo.get()
    if memo is not None and "paths" in memo:
        return memo["paths"]
    paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    if memo is not None:
        memo["paths"] = paths
    return paths


class VisiblePageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's (which `public()` excludes and `private()` keeps), from the paths."""
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


class RestrictionsReadOncePageMixin:
    """For a page model: where no page has a view restriction, none applies to this one,
    which the request's one reading of them already tells."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class ViewRestrictionsPerRequestMiddleware:
    """Reads of a GET request share one reading of the view restrictions; a request that
    writes (the admin changing a page's privacy) reads them each time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
