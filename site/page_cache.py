"""Whole pages cached for anonymous readers, invalidated by what they show.

A response is stored with the *tags* of what it was made from and each tag's version
at that moment; a change bumps the versions of the tags it affects, and an entry whose
versions are no longer current is not served. The tags:

- ``page:<id>``: one page's own content (its page, and the cards that show it);
- ``list:initiatives``, ``list:news``: which pages a listing, search or count holds;
- ``taxonomy``: provinces, sectors and news categories; ``campaign``: the units and
  their reports; ``site``: the page tree around the sections and the site's settings.

Wagtail pages declare theirs (`cache_tags` on the model, `page:<id>` added), cards add
the page they show (`{% depends_on %}`), and views are matched by path
(settings.PAGE_CACHE_PATHS). A response is not stored if anything was bumped while it
was made (the generation counter), so a page read before a change and finished after
it is never kept. Listings also expire after a minute: the search engine, which
answers them, catches up with the database a moment after a change.

Only GET requests without a session or message cookie are served from the cache or
stored in it; editors always see pages made afresh. The forms' CSRF token is put back
per reader. Cache failures (Redis down) are logged and the page is served uncached.
"""

import hashlib
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
LIST_TTL = 60
PAGE_TTL = 600
MAX_SIZE = 2 * 1024 * 1024
# After a cache error, the cache is left alone for this long (a down Redis would
# otherwise cost each request its connection timeout).
OUTAGE_PAUSE = 10.0
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = b"__csrf_token__"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "X-Robots-Tag")

_collected: ContextVar[set | None] = ContextVar("page_cache_tags", default=None)
_outage_until = 0.0


def depends_on(*tags: str) -> None:
    """Record that the response being made shows what `tags` stand for."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def page_tag(page_id: int) -> str:
    return f"page:{page_id}"


def invalidate(*tags: str) -> None:
    """Bump `tags` now, and again once the current transaction commits: a page made from
    the old data between the two (by another process) does not outlive the commit, and
    the transaction's own later reads already miss."""
    tags = tuple(dict.fromkeys(tags))
    if tags:
        _bump(tags)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(tags))


def _bump(tags: tuple[str, ...]) -> None:
    if not tags:
        return

    def bump():
        cache.set_many({_version_key(tag): uuid.uuid4().hex for tag in tags}, None)
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet
            cache.set(GENERATION_KEY, 1, None)

    _safely(bump)


def _version_key(tag: str) -> str:
    return f"pagecache:tag:{tag}"


def _safely(operation, default=None):
    """`operation()` on the cache, or `default` while the cache is failing."""
    global _outage_until
    if time.monotonic() < _outage_until:
        return default
    try:
        return operation()
    except Exception:  # noqa: BLE001 - whatever the backend raises, the page is served
        _outage_until = time.monotonic() + OUTAGE_PAUSE
        logger.warning("Page cache unavailable; serving pages uncached", exc_info=True)
        return default


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path_tags = settings.PAGE_CACHE_PATHS

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = (
            "pagecache:page:"
            + hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        )
        entry = _safely(lambda: cache.get(key))
        if entry is not None and self._current(entry):
            return self._from_entry(request, entry)
        generation = _safely(lambda: cache.get(GENERATION_KEY))
        token = _collected.set(set())
        try:
            response = self.get_response(request)
            tags = _collected.get()
        finally:
            _collected.reset(token)
        if request.method == "GET" and self._cacheable_response(response):
            tags |= self._tags_for_path(request.path_info)
            if tags and _safely(lambda: cache.get(GENERATION_KEY)) == generation:
                self._store(key, response, tags)
        if request.method == "GET" and "X-Page-Cache" not in response:
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return False
        if time.monotonic() < _outage_until:
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    def _tags_for_path(self, path: str) -> set[str]:
        for prefix, tags in self.path_tags.items():
            if path.startswith(prefix):
                return set(tags)
        return set()

    @staticmethod
    def _cacheable_response(response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return False
        control = response.get("Cache-Control", "")
        return not any(word in control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _current(entry: dict) -> bool:
        versions = entry["versions"]
        found = _safely(lambda: cache.get_many([_version_key(tag) for tag in versions]))
        if found is None:
            return False
        return all(found.get(_version_key(tag)) == version for tag, version in versions.items())

    @staticmethod
    def _store(key: str, response, tags: set[str]) -> None:
        content = response.content
        if len(content) > MAX_SIZE:
            return
        has_form = b"csrfmiddlewaretoken" in content
        if has_form:
            content = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", content)
        # One ETag for the entry, whichever copy a reader gets: the page as made and the
        # gzipped copy served from the cache would otherwise each get their own (from
        # their own bytes), and a reader's first revalidation after a miss would get the
        # whole page again. Weak: copies for two readers differ only in their tokens,
        # and the gzipped copy in its bytes.
        etag = f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        # The entry's, and this response's, Last-Modified: the data's own when the view
        # gave one (the API's, from its rows), else the moment it was made.
        modified = parse_http_date_safe(response.get("Last-Modified", "")) or time.time()

        def store():
            keys = {tag: _version_key(tag) for tag in tags}
            for version_key in keys.values():
                cache.add(version_key, uuid.uuid4().hex, None)
            found = cache.get_many(list(keys.values()))
            versions = {tag: found.get(version_key) for tag, version_key in keys.items()}
            entry = {
                "content": content,
                "status": response.status_code,
                "headers": {name: response[name] for name in _KEPT_HEADERS if name in response},
                "versions": versions,
                "csrf": has_form,
                # Compressed once, for the readers whose browsers take gzip (all of them);
                # a page with a form is compressed per reader, with its own token.
                "gzip": None if has_form else compress_string(content),
                "etag": etag,
                "modified": modified,
            }
            listing = any(tag.startswith("list:") for tag in tags)
            cache.set(key, entry, LIST_TTL if listing else PAGE_TTL)

        _safely(store)
        response["Cache-Control"] = "no-cache"
        response["Last-Modified"] = http_date(modified)
        response["ETag"] = etag

    @staticmethod
    def _from_entry(request, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            # This reader's own token (CsrfViewMiddleware sets its cookie on the way out).
            content = content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
        compressed = entry.get("gzip")
        if compressed and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(compressed, status=entry["status"])
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        patch_vary_headers(response, ("Accept-Encoding",))
        response["Cache-Control"] = "no-cache"
        response["Last-Modified"] = http_date(entry["modified"])
        response["X-Page-Cache"] = "hit"
        if entry.get("etag"):
            response["ETag"] = entry["etag"]
        return response


# What changes bump ------------------------------------------------------------------


def connect_signals() -> None:
    """Bump the tags of what each kind of change affects (called once, at start)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from news.models import NewsCategory
    from search.sync import index_changed
    from showcase.models import CampaignUnit, InitiativeReuse, Province, Sector, UnitReport

    def page_came_or_went(sender, instance, **kwargs):
        invalidate(page_tag(instance.pk), *getattr(instance, "cache_family", ()))

    def page_saved(sender, instance, **kwargs):
        if isinstance(instance, Page):
            invalidate(page_tag(instance.pk))

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_came_or_went, weak=False, dispatch_uid=f"page-cache-{id(signal)}")
    post_delete.connect(_on_delete(page_came_or_went), weak=False, dispatch_uid="page-cache-delete")
    post_save.connect(page_saved, weak=False, dispatch_uid="page-cache-page-saved")

    def bump_for(*tags):
        return lambda sender, **kwargs: invalidate(*tags)

    for model, tags in {
        Province: ("taxonomy",),
        Sector: ("taxonomy",),
        NewsCategory: ("taxonomy",),
        CampaignUnit: ("campaign",),
        UnitReport: ("campaign",),
        # A section made private or public again: its pages, and every listing.
        PageViewRestriction: ("site", "list:initiatives", "list:news"),
    }.items():
        for signal in (post_save, post_delete):
            signal.connect(bump_for(*tags), sender=model, weak=False)

    def reuse_changed(sender, instance, **kwargs):
        invalidate(page_tag(instance.initiative_id))

    for signal in (post_save, post_delete):
        signal.connect(reuse_changed, sender=InitiativeReuse, weak=False)

    def setting_changed(sender, instance, **kwargs):
        if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
            invalidate("site")

    post_save.connect(setting_changed, weak=False, dispatch_uid="page-cache-settings")

    def search_index_changed(sender, doc_types, **kwargs):
        # Listings answered by the engine: they may now hold pages, or an order, that
        # the database had a moment before.
        _bump(tuple(INDEX_LISTS[name] for name in doc_types if name in INDEX_LISTS))

    index_changed.connect(search_index_changed, weak=False, dispatch_uid="page-cache-index")


INDEX_LISTS = {"initiative": "list:initiatives", "news": "list:news"}


def _on_delete(handler):
    from wagtail.models import Page

    def deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            handler(sender, instance)

    return deleted
