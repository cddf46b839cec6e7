from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
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


class NewsCategory(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"


class NewsIndexPage(RestrictionsReadOncePageMixin, AsciiSlugMixin, Page):
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

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_related_initiatives

        context = super().get_context(request, *args, **kwargs)
        context["related_initiatives"] = news_related_initiatives(article=self)
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
