"""RSS 2.0 and Atom feeds of newly published initiatives: all, or one province's or
one sector's."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from news.feeds import FEED_SIZE, LOCAL_TZ, SITE_NAME, local

from .models import InitiativePage, Province, Sector, ShowcaseIndexPage


class InitiativeFeed(Feed):
    """/nguon-tin/sang-kien/…: `scope` is None, "province" or "sector"."""

    language = "vi"

    def __init__(self, scope: str | None = None):
        super().__init__()
        self.scope = scope

    def __call__(self, request, *args, **kwargs):
        # A copy per request, holding the request its pages' addresses are read with.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, slug: str | None = None):
        if self.scope == "province":
            return get_object_or_404(Province, slug=slug)
        if self.scope == "sector":
            return get_object_or_404(Sector, slug=slug)
        return None

    def title(self, obj):
        if self.scope == "province":
            return f"Sáng kiến mới của {obj.name} · {SITE_NAME}"
        if self.scope == "sector":
            return f"Sáng kiến mới lĩnh vực {obj.name} · {SITE_NAME}"
        return f"Sáng kiến mới · {SITE_NAME}"

    def description(self, obj):
        return "Sáng kiến của người lao động Việt Nam mới được đăng trong thư viện."

    def link(self, obj):
        index = ShowcaseIndexPage.objects.live().first()
        base = index.get_url(self.request) if index else "/"
        if self.scope == "province":  # the listing filters provinces by their code
            return f"{base}?province={obj.code}"
        if self.scope == "sector":
            return f"{base}?sector={obj.slug}"
        return base

    def items(self, obj):
        initiatives = (
            InitiativePage.objects.live()
            .public()
            .select_related("province", "sector")
            .order_by("-first_published_at", "-pk")
        )
        if self.scope == "province":
            initiatives = initiatives.filter(province=obj)
        elif self.scope == "sector":
            initiatives = initiatives.filter(sector=obj)
        return initiatives[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        facts = [f"Làm lợi {item.benefit_display}" if item.benefit_vnd else ""]
        if item.province_id:
            facts.append(item.province.name)
        if item.sector_id:
            facts.append(f"Lĩnh vực {item.sector.name}")
        facts = " · ".join(fact for fact in facts if fact)
        return f"{item.summary}\n\n{facts}" if facts else item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return local(item.first_published_at)

    def item_updateddate(self, item):
        return local(item.last_published_at or item.first_published_at)

    def item_author_name(self, item):
        return ", ".join(item.author_list) or item.unit or None

    def item_categories(self, item):
        return [term.name for term in (item.sector, item.province) if term is not None]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if not feed.items:
            feed.feed["updateddate"] = timezone.localtime(timezone=LOCAL_TZ)
        return feed


class InitiativeAtomFeed(InitiativeFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
