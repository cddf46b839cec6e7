from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import (
    CaptionedImageBlock,
    ParagraphBlock,
    ProblemBlock,
    ResultBlock,
    SolutionBlock,
)
from portal.page_visibility import RestrictionsReadOncePageMixin, VisiblePageManager
from portal.slugs import AsciiSlugMixin
from portal.taxonomy import TaxonomyBase
from portal.vnd import format_vnd

from .campaign import (
    CAMPAIGN_END,
    CAMPAIGN_START,
    PHASES,
    BenefitRange,
    Phase,
    RecognitionStatus,
    phase_for,
    years_of,
)


class Province(TaxonomyBase):
    """A provincial federation (LĐLĐ tỉnh, thành phố) or a central sector union."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        CITY = "city", "Thành phố trực thuộc Trung ương"
        CENTRAL_UNION = "central", "Công đoàn ngành Trung ương và tương đương"

    class Region(models.TextChoices):
        """The six socio-economic regions that national statistics group provinces by."""

        NORTHERN_UPLANDS = "trung-du-mien-nui-bac-bo", "Trung du và miền núi phía Bắc"
        RED_RIVER_DELTA = "dong-bang-song-hong", "Đồng bằng sông Hồng"
        CENTRAL_COAST = "bac-trung-bo-duyen-hai", "Bắc Trung Bộ và duyên hải miền Trung"
        HIGHLANDS = "tay-nguyen", "Tây Nguyên"
        SOUTH_EAST = "dong-nam-bo", "Đông Nam Bộ"
        MEKONG_DELTA = "dong-bang-song-cuu-long", "Đồng bằng sông Cửu Long"

    code = models.CharField(
        "mã",
        max_length=4,
        unique=True,
        help_text="Mã hai chữ số của tỉnh, thành phố; mã TWxx cho công đoàn ngành Trung ương.",
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    region = models.CharField(
        "vùng",
        max_length=32,
        choices=Region.choices,
        blank=True,
        help_text="Vùng kinh tế – xã hội của tỉnh, thành phố; để trống với công đoàn ngành.",
    )
    full_name = models.CharField("tên đầy đủ", max_length=160, blank=True)
    aliases = models.CharField(
        "tên gọi khác",
        max_length=255,
        blank=True,
        help_text="Các cách viết khác, ngăn cách bằng dấu chấm phẩy (ví dụ: TP.HCM; Sài Gòn).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("full_name"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("region")]),
        FieldPanel("aliases"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        *TaxonomyBase.search_fields,
        index.SearchField("full_name"),
        index.SearchField("aliases"),
        index.FilterField("code"),
        index.FilterField("kind"),
    ]
    admin_search_fields = ("name", "full_name", "code", "aliases")

    class Meta(TaxonomyBase.Meta):
        verbose_name = "tỉnh, thành phố / công đoàn ngành"
        verbose_name_plural = "tỉnh, thành phố và công đoàn ngành"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CENTRAL_UNION and self.region:
            raise ValidationError({"region": "Công đoàn ngành Trung ương không thuộc vùng nào."})
        if self.kind != self.Kind.CENTRAL_UNION and not self.region:
            raise ValidationError({"region": "Chọn vùng của tỉnh, thành phố."})

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(";") if alias.strip()]


class Sector(TaxonomyBase):
    """The field an initiative belongs to (industry, health, education…)."""

    description = models.TextField("mô tả", blank=True)
    keywords = models.TextField(
        "từ khóa nhận diện",
        blank=True,
        help_text=(
            "Từ, cụm từ cho biết một câu tìm kiếm thuộc lĩnh vực này (ví dụ: giáo viên; "
            "học sinh; chấm bài), ngăn cách bằng dấu chấm phẩy. Khi gặp chúng, tìm kiếm đưa "
            "sáng kiến của lĩnh vực lên trước, không loại các sáng kiến khác."
        ),
    )

    panels = [*TaxonomyBase.panels, FieldPanel("description"), FieldPanel("keywords")]

    @property
    def keyword_list(self) -> list[str]:
        return [keyword.strip() for keyword in self.keywords.split(";") if keyword.strip()]

    class Meta(TaxonomyBase.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"


# The library's own address for its featured initiatives (ShowcaseIndexPage.featured). An
# initiative with this slug would be hidden behind it, so initiatives cannot take it.
FEATURED_SLUG = "noi-bat"
RESERVED_INITIATIVE_SLUGS = frozenset({FEATURED_SLUG})


class ShowcaseIndexPage(RestrictionsReadOncePageMixin, RoutablePageMixin, AsciiSlugMixin, Page):
    # What its pages show besides its fields, and what its coming or going changes
    # (portal.page_cache): the site's navigation links to it.
    cache_tags = ("list:initiatives", "taxonomy")
    cache_family = ("site",)

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["showcase.InitiativePage"]
    max_count = 1

    class Meta:
        verbose_name = "thư viện sáng kiến"
        verbose_name_plural = "thư viện sáng kiến"

    def get_context(self, request, *args, **kwargs):
        from .selectors import initiative_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(initiative_listing(index_page=self, params=request.GET))
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:  # the featured list is public whenever the library is
            urls.append({**urls[0], "location": urls[0]["location"] + f"{FEATURED_SLUG}/"})
        return urls

    @subpage_path(f"{FEATURED_SLUG}/", name="featured")
    def featured(self, request):
        from .selectors import featured_listing

        # Page's context rather than this page's own: the search listing is not shown here.
        context = super().get_context(request)
        context.update(featured_listing(index_page=self))
        return TemplateResponse(request, "showcase/featured_initiatives.html", context)

    def route(self, request, path_components):
        if path_components and path_components[0] != FEATURED_SLUG:
            # An initiative read in one query with the province and sector its page shows,
            # where Wagtail's routing reads the child, then its specific row, and the page
            # then each of the two.
            child = (
                InitiativePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("province", "sector")
                .first()
            )
            if child is None:
                raise Http404
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("filter_errors"):
            response.status_code = 400
        return response


class InitiativeTag(TaggedItemBase):
    content_object = ParentalKey(
        "showcase.InitiativePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def _initiative_body_blocks():
    return [
        ("problem", ProblemBlock()),
        ("solution", SolutionBlock()),
        ("result", ResultBlock()),
        ("paragraph", ParagraphBlock()),
        ("image", CaptionedImageBlock()),
    ]


class InitiativePage(RestrictionsReadOncePageMixin, RoutablePageMixin, AsciiSlugMixin, Page):
    objects = VisiblePageManager()
    cache_tags = ("taxonomy",)
    cache_family = ("list:initiatives",)

    summary = models.TextField("tóm tắt", max_length=600)
    body = StreamField(_initiative_body_blocks(), verbose_name="nội dung", blank=True)
    authors = models.CharField(
        "tác giả", max_length=500, blank=True, help_text="Ngăn cách nhiều tác giả bằng dấu phẩy."
    )
    unit = models.CharField("đơn vị", max_length=255, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name="tỉnh, thành phố / công đoàn ngành",
        on_delete=models.PROTECT,
        null=True,
        related_name="initiatives",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name="lĩnh vực",
        on_delete=models.PROTECT,
        null=True,
        related_name="initiatives",
    )
    tags = ClusterTaggableManager("từ khóa", through=InitiativeTag, blank=True)
    recognised_on = models.DateField(
        "ngày công nhận",
        null=True,
        blank=True,
        help_text="Khi có ngày công nhận, giai đoạn và năm được tính tự động.",
    )
    phase = models.PositiveSmallIntegerField(
        "giai đoạn", choices=Phase.choices, null=True, blank=True, db_index=True
    )
    year = models.PositiveSmallIntegerField(
        "năm",
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(CAMPAIGN_START.year), MaxValueValidator(CAMPAIGN_END.year)],
    )
    benefit_vnd = models.PositiveBigIntegerField(
        "giá trị làm lợi (đồng)",
        null=True,
        blank=True,
        db_index=True,
        help_text="Số đồng làm lợi mỗi năm. Để trống nếu không lượng hóa được bằng tiền.",
    )
    benefit_note = models.CharField("ghi chú hiệu quả", max_length=255, blank=True)
    status = models.CharField(
        "mức công nhận",
        max_length=12,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.RECOGNISED,
    )
    featured = models.BooleanField(
        "nổi bật",
        default=False,
        help_text="Xếp trước các sáng kiến cùng giá trị làm lợi khi danh sách nổi bật tự điền.",
    )
    external_id = models.CharField(
        "mã nhập liệu",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="Mã duy nhất dùng khi nhập hàng loạt; để trống với sáng kiến nhập tay.",
    )
    # Lets a rerun of the same import skip rows that have not changed since the last run.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # How many units' reuses an editor has confirmed (InitiativeReuse). Kept by the
    # services in the transaction of each change, so that listings, the "most reused"
    # sort and the statistics read one column instead of counting the reuses.
    reuse_count = models.PositiveIntegerField(
        "số đơn vị đã áp dụng", default=0, db_index=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("unit"),
                FieldRowPanel([FieldPanel("province"), FieldPanel("sector")]),
                FieldPanel("tags"),
            ],
            heading="Tác giả và đơn vị",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("recognised_on"), FieldPanel("phase"), FieldPanel("year")]
                ),
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("benefit_vnd"), FieldPanel("benefit_note")]),
                FieldPanel("featured"),
            ],
            heading="Công nhận và hiệu quả",
        ),
        InlinePanel("gallery_images", label="Thư viện ảnh", heading="Thư viện ảnh"),
        InlinePanel("documents", label="Tài liệu đính kèm", heading="Tài liệu đính kèm"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("external_id")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Nội dung"),
            ObjectList(promote_panels, heading="Quảng bá"),
            ObjectList(Page.settings_panels, heading="Cài đặt"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("authors"),
        index.SearchField("unit"),
        index.SearchField("benefit_note"),
        index.RelatedFields("province", [index.SearchField("name")]),
        index.RelatedFields("sector", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("phase"),
        index.FilterField("year"),
        index.FilterField("benefit_vnd"),
        index.FilterField("featured"),
        index.FilterField("province"),
        index.FilterField("sector"),
    ]

    parent_page_types = ["showcase.ShowcaseIndexPage"]
    subpage_types = []
    # A copy is another initiative: the reuses stay with the original.
    exclude_fields_in_copy = ["external_id", "import_fingerprint", "reuse_count"]

    class Meta:
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"

    @staticmethod
    def _slug_is_available(slug, parent_page, page=None):
        # A slug made from the title steps over the reserved ones ("noi-bat-2").
        return slug not in RESERVED_INITIATIVE_SLUGS and Page._slug_is_available(
            slug, parent_page, page
        )

    def clean(self):
        if self.slug in RESERVED_INITIATIVE_SLUGS:
            raise ValidationError(
                {
                    "slug": (
                        f"Địa chỉ “{self.slug}” dành cho trang Sáng kiến nổi bật của thư viện; "
                        "hãy chọn địa chỉ khác cho sáng kiến."
                    )
                }
            )
        super().clean()
        if self.external_id == "":
            self.external_id = None
        if self.recognised_on:
            derived_phase = phase_for(self.recognised_on)
            if derived_phase is None:
                raise ValidationError(
                    {
                        "recognised_on": (
                            "Ngày công nhận phải nằm trong thời gian phong trào "
                            "(01/09/2021 – 30/09/2023)."
                        )
                    }
                )
            self.phase = derived_phase
            self.year = self.recognised_on.year
        if self.phase is None:
            raise ValidationError({"phase": "Chọn giai đoạn hoặc nhập ngày công nhận."})
        if self.year is None:
            self.year = max(years_of(self.phase))
        elif self.year not in years_of(self.phase):
            first, *_, last = years_of(self.phase)
            raise ValidationError(
                {"year": f"Giai đoạn {self.phase} chỉ gồm các năm {first}–{last}."}
            )

    @property
    def benefit_display(self) -> str:
        return format_vnd(self.benefit_vnd)

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(",") if name.strip()]

    @property
    def cover_image(self):
        """The first gallery picture; listings prefetch `gallery_images` to avoid a query each."""
        first = next(iter(self.gallery_images.all()), None)
        return first.image if first else None

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label if self.phase else ""

    def with_content_json(self, content):
        # The count belongs to the page as a whole, not to a revision: publishing a draft
        # saved before a reuse was confirmed must not bring back the count of that day.
        page = super().with_content_json(content)
        page.reuse_count = self.reuse_count
        return page

    def get_context(self, request, *args, **kwargs):
        from .selectors import (
            initiative_gallery,
            initiative_related,
            prefetch_body_renditions,
            reuse_section,
        )

        context = super().get_context(request, *args, **kwargs)
        prefetch_body_renditions(self.body)
        # Read once for the page's tag list and for the document that finds related ones.
        prefetch_related_objects([self], "tagged_items__tag")
        context["tags"] = [item.tag for item in self.tagged_items.all()]
        context["gallery"] = gallery = initiative_gallery(initiative=self)
        context["lead_picture"] = gallery[0] if gallery else None
        context["related_initiatives"] = initiative_related(initiative=self, limit=4)
        context.update(reuse_section(initiative=self, user=request.user))
        return context

    @subpage_path("ap-dung/", name="reuse")
    def reuse(self, request):
        """The form "Đơn vị tôi đã áp dụng" posts here (showcase.reuse_views)."""
        from .reuse_views import reuse_post

        return reuse_post(request, initiative=self)


class InitiativeGalleryImage(Orderable):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "images.CampaignImage", verbose_name="ảnh", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField("chú thích", max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "ảnh"
        verbose_name_plural = "thư viện ảnh"


class InitiativeDocument(Orderable):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="tài liệu",
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField("tên hiển thị", max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu đính kèm"

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class TalliedInitiative(models.Model):
    """A live, public initiative as it is counted in InitiativeTally.

    What was added to the tally, kept so that it can be taken out again exactly when
    the initiative changes, is unpublished, moved into a private section or deleted
    (`showcase.services.tally_initiatives`). Not a foreign key: the row of a deleted
    page outlives it until its count is taken out. 0 stands for "none" in the keys.
    """

    page_id = models.PositiveIntegerField(primary_key=True)
    province_id = models.PositiveIntegerField()
    sector_id = models.PositiveIntegerField()
    phase = models.PositiveSmallIntegerField()
    benefit_range = models.PositiveSmallIntegerField(choices=BenefitRange.choices)
    benefit_vnd = models.PositiveBigIntegerField(null=True)

    class Meta:
        verbose_name = "sáng kiến đã đếm"
        verbose_name_plural = "sáng kiến đã đếm"

    def __str__(self):
        return f"Trang {self.page_id}"


class InitiativeTally(models.Model):
    """How many live, public initiatives there are, and their benefit added up, per
    province, per sector, per phase and per benefit range: the statistics page reads
    these few rows instead of counting every initiative. Kept in step by
    `showcase.services.tally_initiatives` in the transaction of every change."""

    class Dimension(models.TextChoices):
        # Each named after the TalliedInitiative column it counts by.
        PROVINCE = "province_id", "tỉnh, thành phố / công đoàn ngành"
        SECTOR = "sector_id", "lĩnh vực"
        PHASE = "phase", "giai đoạn"
        BENEFIT_RANGE = "benefit_range", "mức làm lợi"

    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    # The province's or the sector's id, the phase, or the BenefitRange; 0: none.
    key = models.PositiveIntegerField()
    count = models.BigIntegerField(default=0)
    benefit_vnd = models.BigIntegerField(default=0)  # đồng; the unquantified count as 0

    class Meta:
        verbose_name = "thống kê sáng kiến"
        verbose_name_plural = "thống kê sáng kiến"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="initiative_tally_key")
        ]

    def __str__(self):
        return f"{self.dimension} {self.key}: {self.count}"


class CampaignUnit(models.Model):
    """A unit that raced in the campaign: nationally a provincial federation or a central
    sector union (one of the 82), or inside one a district federation, a local sector
    union or a grassroots union."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", "Liên đoàn Lao động tỉnh, thành phố"
        CENTRAL = "central", "Công đoàn ngành Trung ương và tương đương"
        DISTRICT = "district", "Liên đoàn Lao động quận, huyện"
        SECTOR = "sector", "Công đoàn ngành địa phương"
        GRASSROOTS = "grassroots", "Công đoàn cơ sở"

    NATIONAL_KINDS = (Kind.PROVINCIAL, Kind.CENTRAL)

    code = models.CharField(
        "mã",
        max_length=40,
        unique=True,
        # The code is the unit page's address (/bang-xep-hang/don-vi/<code>/).
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_-]+\Z",
                "Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và gạch dưới.",
            )
        ],
        help_text="Mã dùng khi nhập báo cáo, ví dụ 20 (Lạng Sơn) hoặc 20-trang-dinh.",
    )
    name = models.CharField("tên", max_length=200)
    short_name = models.CharField("tên ngắn", max_length=80, blank=True)
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name="tỉnh, thành phố / công đoàn ngành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_units",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("province"),
    ]

    class Meta:
        verbose_name = "đơn vị thi đua"
        verbose_name_plural = "đơn vị thi đua"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.kind in self.NATIONAL_KINDS

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.is_national and self.parent_id:
            raise ValidationError(
                {"parent": "LĐLĐ tỉnh và công đoàn ngành Trung ương không có đơn vị cấp trên."}
            )
        if not self.is_national and not self.parent_id:
            raise ValidationError({"parent": "Đơn vị cấp dưới cần có đơn vị cấp trên."})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": "Đơn vị không thể là cấp trên của chính mình."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ReportPhase(models.IntegerChoices):
    OVERALL = 0, "Cả chiến dịch"
    FIRST = 1, Phase.FIRST.label
    SECOND = 2, Phase.SECOND.label


class UnitReport(models.Model):
    """A unit's figures as published on a date. Reports are never overwritten: a new
    figure is a new report with its own as-of date."""

    unit = models.ForeignKey(
        CampaignUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="reports"
    )
    phase = models.PositiveSmallIntegerField(
        "giai đoạn", choices=ReportPhase.choices, default=ReportPhase.OVERALL
    )
    as_of = models.DateField("số liệu tính đến ngày")
    registered = models.PositiveIntegerField("số sáng kiến đăng ký")
    target = models.PositiveIntegerField(
        "chỉ tiêu", null=True, blank=True, help_text="Để trống nếu không công bố chỉ tiêu."
    )
    benefit_vnd = models.PositiveBigIntegerField(
        "giá trị làm lợi ước tính (đồng)", null=True, blank=True
    )
    source = models.CharField(
        "nguồn số liệu",
        max_length=300,
        blank=True,
        help_text="Nơi công bố số liệu, ví dụ: Báo Lao Động, 26/3/2022.",
    )
    is_demo = models.BooleanField(
        "số liệu minh họa", default=False, help_text="Số liệu tạo cho bản trình diễn."
    )
    created_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("phase"), FieldPanel("as_of")]),
        FieldRowPanel([FieldPanel("registered"), FieldPanel("target"), FieldPanel("benefit_vnd")]),
        FieldPanel("source"),
        FieldPanel("is_demo"),
    ]

    class Meta:
        verbose_name = "báo cáo số liệu"
        verbose_name_plural = "báo cáo số liệu"
        ordering = ["-as_of", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "phase", "as_of"], name="one_report_per_unit_phase_and_date"
            )
        ]
        indexes = [models.Index(fields=["phase", "as_of"], name="unitreport_phase_as_of")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_phase_display()} – {self.as_of:%d/%m/%Y}"

    @property
    def percent_of_target(self) -> float | None:
        """The registered count as a share of the target; None without a target."""
        if not self.target:
            return None
        return self.registered * 100 / self.target

    def clean(self):
        problem = self.as_of and report_date_problem(self.phase, self.as_of)
        if problem:
            raise ValidationError({"as_of": f"{problem[:1].upper()}{problem[1:]}."})


def report_date_problem(phase: int, as_of: date) -> str | None:
    """What is wrong with a report of `phase` dated `as_of`, if anything (the admin
    form and the report import say the same)."""
    if as_of < CAMPAIGN_START:
        return f"ngày số liệu phải từ {CAMPAIGN_START:%d/%m/%Y} (đầu chiến dịch)"
    if phase and as_of < PHASES[phase][0]:
        return "ngày số liệu sớm hơn ngày bắt đầu của giai đoạn này"
    return None


class InitiativeReuse(models.Model):
    """A unit that applied an initiative ("Đơn vị tôi đã áp dụng"), told by a union
    account (confirmed at once) or by a visitor (pending until an editor confirms it).

    Only confirmed reuses are shown and counted in `InitiativePage.reuse_count`; every
    change goes through `showcase.services` (reuse_record, reuse_confirm, reuse_reject,
    reuse_move), which keep that count and the search index in step.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xác nhận"
        CONFIRMED = "confirmed", "Đã xác nhận"
        REJECTED = "rejected", "Không xác nhận"

    initiative = models.ForeignKey(
        InitiativePage,
        verbose_name="sáng kiến",
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    unit_name = models.CharField("tên đơn vị áp dụng", max_length=255)
    unit = models.ForeignKey(
        CampaignUnit,
        verbose_name="đơn vị thi đua",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuses",
        help_text="Đơn vị trong danh sách thi đua, nếu biết.",
    )
    province = models.ForeignKey(
        Province,
        verbose_name="tỉnh, thành phố / công đoàn ngành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiative_reuses",
    )
    applied_on = models.DateField("ngày bắt đầu áp dụng", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    benefit_vnd = models.PositiveBigIntegerField(
        "giá trị làm lợi ở đơn vị (đồng)", null=True, blank=True
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A visitor's e-mail address or phone number, for the editors to check the entry.
    # Private: shown in the admin only, never on the site.
    contact = models.CharField("liên hệ của người gửi", max_length=254, blank=True)
    created_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)
    decided_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("unit_name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("applied_on"), FieldPanel("benefit_vnd")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "đơn vị áp dụng sáng kiến"
        verbose_name_plural = "đơn vị áp dụng sáng kiến"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The editors' queue: pending reuses, newest first.
            models.Index(fields=["status", "-created_at"], name="reuse_status_created"),
            # An initiative's page lists its latest confirmed reuses.
            models.Index(fields=["initiative", "status", "-decided_at"], name="reuse_page_shown"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} – {self.initiative.title}"

    def clean(self):
        problem = self.applied_on and reuse_date_problem(self.applied_on)
        if problem:
            raise ValidationError({"applied_on": problem})

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def benefit_display(self) -> str:
        return format_vnd(self.benefit_vnd, empty="")


def reuse_date_problem(day: date) -> str | None:
    """What is wrong with `day` as the date a unit started applying an initiative, if
    anything (the public form and the admin say the same). Reuse goes on after the
    campaign, so only its start bounds it."""
    if day < CAMPAIGN_START:
        return (
            f"Ngày áp dụng không thể trước ngày phát động phong trào ({CAMPAIGN_START:%d/%m/%Y})."
        )
    if day > timezone.localdate():
        return "Ngày áp dụng không thể ở tương lai."
    return None
