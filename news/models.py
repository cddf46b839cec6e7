from django import forms
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import re_path as subpage_re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import (
    CaptionedImageBlock,
    DataTableBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    VideoEmbedBlock,
)
from portal.page_visibility import RestrictionsReadOncePageMixin, VisiblePageManager
from portal.slugs import AsciiSlugMixin
from portal.taxonomy import TaxonomyBase

from .reading import article_syllables, reading_minutes


class NewsCategory(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"


ARCHIVE_SLUG = "luu-tru"
TAG_SLUG = "the"


class NewsIndexPage(RestrictionsReadOncePageMixin, RoutablePageMixin, AsciiSlugMixin, Page):
    # portal.page_cache: what its page shows besides its fields, what its coming or going changes.
    cache_tags = ("list:news", "taxonomy")
    cache_family = ("site",)

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = "trang tin tức"
        verbose_name_plural = "trang tin tức"

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing(index_page=self, params=request.GET))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("filter_errors"):
            response.status_code = 400
        return response

    # One spelling per month (two digits), so that each month has one address.
    @subpage_re_path(rf"^{ARCHIVE_SLUG}/(?P<year>\d{{4}})/(?P<month>\d{{2}})/$", name="archive")
    def month_archive(self, request, year: str, month: str):
        from .selectors import news_month_listing

        listing = news_month_listing(year=int(year), month=int(month), params=request.GET)
        return self._render_listing(request, listing)

    @subpage_re_path(rf"^{TAG_SLUG}/(?P<tag_slug>[-\w]+)/$", name="tag")
    def tag_archive(self, request, tag_slug: str):
        from .selectors import news_tag_listing

        return self._render_listing(
            request, news_tag_listing(tag_slug=tag_slug, params=request.GET)
        )

    def _render_listing(self, request, listing: dict | None):
        """A month's or a tag's articles, on the index's template; none is a 404."""
        from .selectors import news_archive_months

        if listing is None or not listing["articles"].paginator.count:
            raise Http404("Không có bài viết nào ở đây.")
        # Page's context rather than the index's own: its filtered listing is not shown.
        context = super().get_context(request)
        context.update(listing)
        context.update(filters={}, archive_months=news_archive_months())
        return TemplateResponse(request, self.get_template(request), context)


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(RestrictionsReadOncePageMixin, AsciiSlugMixin, Page):
    objects = VisiblePageManager()
    cache_tags = ("taxonomy",)
    cache_family = ("list:news",)

    lead = models.TextField("sapo", max_length=600)
    body = StreamField(
        [
            ("paragraph", ParagraphBlock()),
            ("heading", HeadingBlock()),
            ("image", CaptionedImageBlock()),
            ("quote", QuoteBlock()),
            ("table", DataTableBlock()),
            ("embed", VideoEmbedBlock()),
        ],
        verbose_name="nội dung",
    )
    published_on = models.DateField("ngày đăng", default=timezone.localdate, db_index=True)
    author = models.CharField("tác giả", max_length=160, blank=True)
    featured_image = models.ForeignKey(
        "images.CampaignImage",
        verbose_name="ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    categories = ParentalManyToManyField(
        NewsCategory, verbose_name="chuyên mục", blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager("từ khóa", through=NewsArticleTag, blank=True)
    # Counted on save (news.reading), so that listings show it without reading bodies.
    reading_minutes = models.PositiveSmallIntegerField(
        "thời gian đọc (phút)", default=1, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("published_on"),
                FieldPanel("author"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Thông tin bài viết",
        ),
        MultipleChooserPanel(
            "related_initiatives",
            chooser_field_name="initiative",
            label="Sáng kiến liên quan",
            heading="Sáng kiến liên quan",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("published_on"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(
            article_syllables(lead=self.lead, raw_body=self.body.raw_data)
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"lead", "body"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "reading_minutes"}
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from showcase.selectors import prefetch_body_renditions

        from .selectors import news_neighbours, news_related_articles, news_related_initiatives

        context = super().get_context(request, *args, **kwargs)
        prefetch_body_renditions(self.body, self.featured_image)
        context["related_initiatives"] = news_related_initiatives(article=self)
        context["related_articles"] = news_related_articles(article=self)
        context.update(news_neighbours(article=self))
        return context


class NewsRelatedInitiative(Orderable):
    page = ParentalKey(
        NewsArticlePage, on_delete=models.CASCADE, related_name="related_initiatives"
    )
    initiative = models.ForeignKey(
        "showcase.InitiativePage",
        verbose_name="sáng kiến",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("initiative")]

    class Meta(Orderable.Meta):
        verbose_name = "sáng kiến liên quan"
        verbose_name_plural = "sáng kiến liên quan"
