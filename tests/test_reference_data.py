import pytest

from news.models import NewsCategory
from showcase.models import Province, Sector

REQUIRED_SECTORS = [
    "cong-nghiep",
    "xay-dung",
    "giao-thong-van-tai",
    "nong-nghiep",
    "y-te",
    "giao-duc",
    "cong-nghe-thong-tin",
    "hanh-chinh",
    "cong-doan",
    "nang-luong",
    "dich-vu-thuong-mai",
    "tai-chinh-ngan-hang",
    "moi-truong",
    "phong-chong-dich",
    "an-toan-lao-dong",
]

pytestmark = pytest.mark.django_db


def test_all_63_provinces_and_cities_exist_with_official_two_digit_codes():
    provinces = Province.objects.exclude(kind=Province.Kind.CENTRAL_UNION)
    assert provinces.count() == 63
    assert all(
        len(code) == 2 and code.isdigit() for code in provinces.values_list("code", flat=True)
    )
    assert provinces.get(code="01").name == "Hà Nội"
    assert provinces.get(code="79").name == "TP Hồ Chí Minh"
    assert provinces.get(code="96").name == "Cà Mau"
    assert provinces.filter(kind=Province.Kind.CITY).count() == 5


def test_central_sector_unions_exist_beside_provinces():
    unions = Province.objects.filter(kind=Province.Kind.CENTRAL_UNION)
    assert unions.count() >= 20
    assert unions.filter(name="Công đoàn Điện lực Việt Nam").exists()


def test_default_sectors_have_stable_slugs():
    slugs = set(Sector.objects.values_list("slug", flat=True))
    assert set(REQUIRED_SECTORS) <= slugs


def test_news_categories_exist():
    assert NewsCategory.objects.filter(slug="guong-dien-hinh").exists()


def test_a_new_taxonomy_entry_gets_an_ascii_slug():
    sector = Sector.objects.create(name="Đường thủy nội địa")
    assert sector.slug == "duong-thuy-noi-dia"
