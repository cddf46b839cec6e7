from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from .sanitise import strip_metadata


class CampaignImage(AbstractImage):
    """Wagtail image whose uploads lose their EXIF/GPS metadata before storage."""

    caption = models.CharField("chú thích", max_length=255, blank=True)
    credit = models.CharField("nguồn ảnh", max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = "hình ảnh"
        verbose_name_plural = "hình ảnh"

    def _set_image_file_metadata(self):
        # Wagtail calls this for every new upload (single and multiple), after
        # its own type, size and pixel-count checks and before the file is stored.
        self.file = strip_metadata(self.file)
        super()._set_image_file_metadata()


class CampaignRendition(AbstractRendition):
    image = models.ForeignKey(CampaignImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
