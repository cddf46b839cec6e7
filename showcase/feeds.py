"""RSS 2.0 and Atom feeds of newly published initiatives: all, or one province's or
one sector's."""

from portal.feeds import FEED_SIZE, AtomFeedMixin, ScopedFeed, local

from .models import InitiativePage, Province, Sector, ShowcaseIndexPage


class InitiativeFeed(ScopedFeed):
    """/nguon-tin/sang-kien/…: `scope` is None, "province" or "sector"."""

    scopes = {
        "province": (Province.objects.all(), "Sáng kiến mới của {name}"),
        "sector": (Sector.objects.all(), "Sáng kiến mới lĩnh vực {name}"),
    }
    whole_heading = "Sáng kiến mới"

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

    def item_description(self, item):
        facts = [f"Làm lợi {item.benefit_display}" if item.benefit_vnd else ""]
        if item.province_id:
            facts.append(item.province.name)
        if item.sector_id:
            facts.append(f"Lĩnh vực {item.sector.name}")
        facts = " · ".join(fact for fact in facts if fact)
        return f"{item.summary}\n\n{facts}" if facts else item.summary

    def item_pubdate(self, item):
        return local(item.first_published_at)

    def item_updateddate(self, item):
        return local(item.last_published_at or item.first_published_at)

    def item_author_name(self, item):
        return ", ".join(item.author_list) or item.unit or None

    def item_categories(self, item):
        return [term.name for term in (item.sector, item.province) if term is not None]


class InitiativeAtomFeed(AtomFeedMixin, InitiativeFeed):
    pass
