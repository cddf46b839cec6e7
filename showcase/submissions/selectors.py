"""Reads for submitted initiatives."""

import hmac

from search.documents import SearchDocument
from search.service import get_search_service
from showcase.models import InitiativePage
from showcase.search import INITIATIVE
from showcase.selectors import initiative_cards_for

from .models import Submission

# Fewer letters than this say too little to compare.
SIMILAR_MIN_CHARS = 8


def similar_initiatives(*, title: str, summary: str, limit: int = 5) -> list[InitiativePage]:
    """The published initiatives most like what the worker is typing, best first, from
    the search engine's "more like this" (none while it is down)."""
    if len(f"{title}{summary}".strip()) < SIMILAR_MIN_CHARS:
        return []
    draft = SearchDocument(type=INITIATIVE, id=0, title=title, url="", summary=summary)
    hits = get_search_service().related(draft, limit=limit)
    return initiative_cards_for([hit.id for hit in hits])


def possible_duplicates(submission: Submission, *, limit: int = 5) -> list[InitiativePage]:
    """The published initiatives the submission may duplicate, its own page left out."""
    page = submission.page
    similar = similar_initiatives(
        title=submission.title, summary=page.summary if page else "", limit=limit
    )
    return [item for item in similar if item.pk != submission.page_id]


def submission_for_lookup(*, reference: str, contact: str) -> Submission | None:
    """The submission with this reference, only if `contact` is the one it was sent
    with: a reference alone shows nothing, and both wrong look the same."""
    submission = (
        Submission.objects.select_related("page", "merged_into", "province", "sector")
        .filter(reference=reference)
        .first()
    )
    if submission is None or not hmac.compare_digest(submission.contact, contact):
        return None
    return submission
