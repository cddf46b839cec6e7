"""Django pagination over results whose total the engine has already counted."""

from dataclasses import replace

from django.core.paginator import Page, Paginator

# Page N costs the engine the best N × size results; past this page readers narrow the
# search (a filter, another word) instead of paging on. 500 pages of 12 to 20 results.
MAX_PAGE = 500


class _Counted:
    """Stands in for the full result list: only its length is ever needed."""

    def __init__(self, count: int):
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, item):
        return []


def page_for(*, count: int, number, per_page: int) -> Page:
    """The page `number` (clamped like Paginator.get_page) of `count` results, of which
    the first `MAX_PAGE` pages are reachable."""
    reachable = min(count, MAX_PAGE * per_page)
    page = Paginator(_Counted(reachable), per_page).get_page(number)
    # More results than the pages reach: the listing says so.
    page.capped = count > reachable
    return page


def requested_page(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def search_page_of(service, request) -> tuple:
    """Search, clamping a page number past the end to the last page like `get_page`.

    Returns (request actually run, response, Django page of the total count).
    """
    response = service.search(request)
    page = page_for(count=response.count, number=request.page, per_page=request.page_size)
    if page.number != request.page:
        request = replace(request, page=page.number)
        response = service.search(request)
    return request, response, page
