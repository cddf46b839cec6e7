from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.page_visibility import RestrictionsReadOncePageMixin


class HomePage(RestrictionsReadOncePageMixin, Page):
    # What the page shows besides its own fields (portal.page_cache).
    cache_tags = ("list:initiatives", "list:news", "campaign", "taxonomy")
    hero_heading = models.CharField(
        "tiêu đề lớn", max_length=160, default="Sáng kiến của người lao động, cho mọi người"
    )
    hero_intro = models.TextField(
        "lời giới thiệu",
        blank=True,
        help_text="Một hai câu giới thiệu thư viện sáng kiến, hiện dưới tiêu đề lớn.",
    )
    hero_image = models.ForeignKey(
        "images.CampaignImage",
        verbose_name="ảnh nền",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign_initiatives = models.PositiveIntegerField(
        "số sáng kiến của phong trào",
        null=True,
        blank=True,
        help_text="Số liệu tổng kết chính thức. Để trống để đếm các sáng kiến trên trang.",
    )
    campaign_units = models.PositiveIntegerField(
        "số đơn vị tham gia",
        null=True,
        blank=True,
        help_text="Để trống để đếm số tỉnh, thành phố và công đoàn ngành có sáng kiến trên trang.",
    )
    campaign_benefit_vnd = models.PositiveBigIntegerField(
        "tổng giá trị làm lợi (đồng)",
        null=True,
        blank=True,
        help_text="Để trống để cộng giá trị làm lợi của các sáng kiến trên trang.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_intro"), FieldPanel("hero_image")],
            heading="Phần mở đầu",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("campaign_initiatives"),
                        FieldPanel("campaign_units"),
                        FieldPanel("campaign_benefit_vnd"),
                    ]
                )
            ],
            heading="Số liệu phong trào",
        ),
        MultipleChooserPanel(
            "featured_initiatives",
            chooser_field_name="initiative",
            label="Sáng kiến nổi bật",
            heading="Sáng kiến nổi bật",
            help_text=(
                "Các sáng kiến chọn ở đây hiện đầu tiên, theo đúng thứ tự này, trên trang chủ "
                "và trang Sáng kiến nổi bật (/sang-kien/noi-bat/), kèm lời giới thiệu. Chỗ "
                "còn lại tự động bổ sung bằng các sáng kiến đã được công nhận có giá trị làm "
                "lợi cao nhất. Sáng kiến chưa xuất bản hoặc bị giới hạn quyền xem không hiện."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "showcase.ShowcaseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "trang chủ"
        verbose_name_plural = "trang chủ"

    def route(self, request, path_components):
        """Into a section through the sections the request reads once (home_sections)."""
        from .selectors import home_sections

        if not path_components or request is None:
            return super().route(request, path_components)
        for section in home_sections(request=request, home=self):
            if section.slug == path_components[0]:
                section._cached_parent_obj = self
                return section.specific.route(request, path_components[1:])
        raise Http404

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_content

        context = super().get_context(request, *args, **kwargs)
        context.update(home_content(home=self))
        return context


class HomeFeaturedInitiative(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_initiatives")
    initiative = models.ForeignKey(
        "showcase.InitiativePage",
        verbose_name="sáng kiến",
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.TextField(
        "lời giới thiệu của biên tập",
        max_length=300,
        blank=True,
        help_text="Một hai câu cho người đọc biết vì sao nên xem sáng kiến này (tối đa 300 ký tự).",
    )

    panels = [FieldPanel("initiative"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "sáng kiến tiêu biểu"
        verbose_name_plural = "sáng kiến tiêu biểu"
