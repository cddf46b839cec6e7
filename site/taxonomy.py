"""The abstract base shared by every taxonomy snippet (sectors, provinces, news categories)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.vietnamese import slugify_vi


class TaxonomyBase(index.Indexed, models.Model):
    name = models.CharField("tên", max_length=120, unique=True)
    slug = models.SlugField(
        "đường dẫn",
        max_length=80,
        unique=True,
        blank=True,
        help_text="Chữ không dấu, dùng trong bộ lọc và địa chỉ trang. Để trống để tạo tự động.",
    )
    sort_order = models.PositiveIntegerField("thứ tự", default=0, db_index=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]
    # What the admin's listing and chooser match a search against (see portal.taxonomy_admin).
    admin_search_fields: tuple[str, ...] = ("name", "slug")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.slug and self.name:
            self.slug = slugify_vi(self.name)
