"""Wagtail's page explorer for a parent with a great many children.

Wagtail's listing of a page's children narrows every query to the pages the user may
explore with `id IN (SELECT id FROM wagtailcore_page …)`, counts them with COUNT(*),
and offers the owner filter's choices from a DISTINCT over every page: with a million
initiatives under the showcase each of those reads the whole table (0.3 to 0.7 s).

Here, when the user may explore everything below the parent (a superuser, or an
editor whose group holds a page permission on the parent or an ancestor), the
permission semi-join is left out, since it would let every row through; a listing
of children without search or filters takes its count from the parent's `numchild`,
which the tree keeps; the owner and "edited by" choices ask, per user, whether a
row exists; and paging stops at `MAX_PAGE` pages, as the public listings do, so that
no request skips over more than 25,000 rows.
"""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.pages.listing import EditedByFilter, ExplorableIndexView, PageFilterSet
from wagtail.models import Page, PageLogEntry

from search import paging

# The page permissions that make a page and all its descendants explorable
# (Wagtail's PagePermissionPolicy.explorable_instances).
EXPLORE_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock", "bulk_delete"})


def _page_owners(request):
    return get_user_model().objects.filter(Exists(Page.objects.filter(owner=OuterRef("pk"))))


def _page_editors(request):
    return get_user_model().objects.filter(
        Exists(PageLogEntry.objects.filter(action="wagtail.edit", user=OuterRef("pk")))
    )


class ExplorerFilterSet(PageFilterSet):
    """Wagtail's filters for one page type's listing, with user choices that cost one
    index probe per user."""

    owner = MultipleUserFilter(
        label=_("Owner"), queryset=_page_owners, widget=CheckboxSelectMultiple
    )
    edited_by = EditedByFilter(
        label=_("Edited by"), queryset=_page_editors, widget=CheckboxSelectMultiple
    )

    class Meta(PageFilterSet.Meta):
        pass


class CappedPaginator(WagtailPaginator):
    """Stops at `MAX_PAGE` pages; `count` stays the true number of items."""

    @cached_property
    def num_pages(self) -> int:
        return min(Paginator.num_pages.func(self), paging.MAX_PAGE)


class LargeParentExplorerView(ExplorableIndexView):
    """The explorer of a parent whose children are all of one type (the viewset's)."""

    base_filterset_class = ExplorerFilterSet
    paginator_class = CappedPaginator

    @cached_property
    def explores_whole_subtree(self) -> bool:
        """Whether every page below the parent is explorable by the user."""
        user = self.request.user
        if user.is_superuser:
            return True
        return bool(self.permissions.permissions & EXPLORE_ACTIONS)

    def get_base_queryset(self):
        whole_tree = self.is_searching_whole_tree
        if not self.explores_whole_subtree or (whole_tree and not self.request.user.is_superuser):
            return super().get_base_queryset()
        manager = self.model._default_manager
        if whole_tree:
            pages = manager.all()
        elif self.is_searching or self.is_filtering:
            pages = manager.descendant_of(self.parent_page)
        else:
            pages = manager.child_of(self.parent_page)
        return self.annotate_queryset(pages)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.explores_whole_subtree and not (self.is_searching or self.is_filtering):
            # The tree keeps the number of children; COUNT(*) would read them all.
            paginator.count = self.parent_page.numchild
        return paginator
