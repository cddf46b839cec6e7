from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet

from portal.taxonomy_admin import TaxonomySnippetViewSet

from .models import NewsArticlePage, NewsCategory


class NewsArticleListingViewSet(PageListingViewSet):
    model = NewsArticlePage
    icon = "doc-full"
    name = "news_articles"
    menu_label = "Tin tức"
    menu_order = 120
    add_to_admin_menu = True
    list_display = ["title", "published_on", "author"]
    list_filter = ["published_on", "categories", "live"]


@hooks.register("register_admin_viewset")
def register_news_listing():
    return NewsArticleListingViewSet()


class NewsCategoryViewSet(TaxonomySnippetViewSet):
    model = NewsCategory
    icon = "list-ul"
    menu_label = "Chuyên mục tin"
    add_to_settings_menu = False
    list_display = ["name", "slug", "sort_order"]


register_snippet(NewsCategoryViewSet)
