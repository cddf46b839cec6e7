"""Page addresses from stored url_paths, without loading the pages themselves.

A page's address is its parent's followed by its slug. A list of thousands of children
(a search batch, a sitemap file) asks Wagtail for each parent's address once (its site,
its routing) and appends the children's slugs.
"""

from collections.abc import Callable

from wagtail.models import Page


class ChildAddresses:
    def __init__(self, address_of: Callable[[Page], str | None] = lambda page: page.url):
        """`address_of` gives a parent's address: relative by default, or for instance
        `lambda page: page.get_full_url(request)`."""
        self._address_of = address_of
        self._parents: dict[str, str] = {}

    def __call__(self, *, path: str, url_path: str) -> str:
        """The address of the page with tree path `path` and `url_path`."""
        # The parent is found by its tree path, which is unique and indexed (url_path
        # is neither: a lookup by it read a million pages).
        parent_path = path[: -Page.steplen]
        if parent_path not in self._parents:
            parent = Page.objects.filter(path=parent_path).first()
            self._parents[parent_path] = (self._address_of(parent) or "") if parent else ""
        slug = url_path.rstrip("/").rpartition("/")[2]
        return f"{self._parents[parent_path]}{slug}/"
