import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.images.models import CampaignImage

pytestmark = pytest.mark.django_db


def camera_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), "#c8102e").save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(client, name: str, content: bytes, content_type="image/jpeg"):
    return client.post(
        "/admin/images/add/",
        {"title": "Ảnh chụp tại xưởng", "file": SimpleUploadedFile(name, content, content_type)},
    )


def test_uploaded_photos_lose_exif_and_gps_but_keep_their_orientation(client, editor):
    client.force_login(editor)
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)

    response = upload(client, "xuong.jpg", original)
    assert response.status_code == 302

    image = CampaignImage.objects.get()
    with image.open_file() as stored, Image.open(stored) as picture:
        assert not picture.getexif()
        assert picture.size == (40, 80)
    assert image.width == 40 and image.height == 80


def test_a_comment_written_in_a_photo_is_not_published(client, editor):
    client.force_login(editor)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40)).save(buffer, format="JPEG", comment=b"Nguyen Van An 0912345678")
    assert upload(client, "ghi-chu.jpg", buffer.getvalue()).status_code == 302
    with CampaignImage.objects.get().open_file() as stored:
        assert b"0912345678" not in stored.read()


def test_files_that_are_not_pictures_are_refused_in_vietnamese(client, editor):
    client.force_login(editor)
    response = upload(client, "hoa-don.jpg", b"%PDF-1.4 not a picture")
    assert response.status_code == 200
    assert not CampaignImage.objects.exists()
    assert "không phải là hình ảnh" in str(response.context["form"].errors["file"])


def test_pictures_with_too_many_pixels_are_refused(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    client.force_login(editor)
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, format="PNG")
    response = upload(client, "lon.png", buffer.getvalue(), "image/png")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not CampaignImage.objects.exists()
