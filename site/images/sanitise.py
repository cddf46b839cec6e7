"""Re-encode uploaded pictures so that no camera metadata (EXIF, GPS, XMP) is published."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image as PILImage
from PIL import ImageOps

_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
}


def strip_metadata(upload):
    """Return a copy of `upload` without metadata; animated GIFs carry none and pass through."""
    upload.seek(0)
    with PILImage.open(upload) as picture:
        image_format = picture.format
        if image_format not in _SAVE_OPTIONS:
            upload.seek(0)
            return upload
        # Respect the camera's orientation before its EXIF tag is dropped.
        cleaned = ImageOps.exif_transpose(picture)
        if image_format == "JPEG" and cleaned.mode not in ("RGB", "L", "CMYK"):
            cleaned = cleaned.convert("RGB")
        options = dict(_SAVE_OPTIONS[image_format])
        if image_format == "JPEG":
            # Pillow copies a JPEG's comment (which may hold a name or a phone number)
            # unless told to write an empty one, which it then leaves out.
            options["comment"] = b""
        icc_profile = picture.info.get("icc_profile")
        if icc_profile:
            options["icc_profile"] = icc_profile
        buffer = io.BytesIO()
        cleaned.save(buffer, format=image_format, **options)
    buffer.seek(0)
    name = getattr(upload, "name", None) or "image"
    return InMemoryUploadedFile(
        buffer,
        field_name="file",
        name=name.rsplit("/", 1)[-1],
        content_type=f"image/{image_format.lower()}",
        size=buffer.getbuffer().nbytes,
        charset=None,
    )
