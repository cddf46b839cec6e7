import pytest

from portal.vietnamese import ascii_fold, match_key, slugify_vi
from portal.vnd import format_number, format_vnd


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (None, "Chưa lượng hóa"),
        (0, "0 đồng"),
        (25_000, "25.000 đồng"),
        (1_500_000, "1,5 triệu đồng"),
        (450_000_000, "450 triệu đồng"),
        (386_500_000, "386,5 triệu đồng"),
        (999_960_000, "1 tỷ đồng"),
        (1_200_000_000, "1,2 tỷ đồng"),
        (1_250_000_000, "1,25 tỷ đồng"),
        (47_800_000_000, "47,8 tỷ đồng"),
        (512_000_000_000, "512 tỷ đồng"),
        (1_250_000_000_000, "1.250 tỷ đồng"),
    ],
)
def test_vnd_amounts_read_the_way_vietnamese_newspapers_write_them(amount, expected):
    assert format_vnd(amount) == expected


def test_counts_use_dots_between_thousands():
    assert format_number(697_000) == "697.000"
    assert format_number(63) == "63"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Tiết kiệm điện", "tiet-kiem-dien"),
        ("Đổi mới quy trình đóng gói", "doi-moi-quy-trinh-dong-goi"),
        ("Hoá đơn điện tử – TP.HCM", "hoa-don-dien-tu-tphcm"),
        ("An toàn lao động 100%", "an-toan-lao-dong-100"),
    ],
)
def test_slugs_are_ascii_with_d_for_dj(title, slug):
    assert slugify_vi(title) == slug


def test_long_slugs_are_cut_at_a_word_boundary():
    slug = slugify_vi("Cải tiến " * 30, max_length=40)
    assert len(slug) <= 40
    assert not slug.endswith("-")
    assert slug.startswith("cai-tien-cai-tien")


def test_folding_removes_every_vietnamese_mark():
    assert ascii_fold("Đắk Lắk, Thừa Thiên Huế, Khánh Hoà") == "Dak Lak, Thua Thien Hue, Khanh Hoa"
    assert match_key("  TP. Hồ  Chí Minh ") == "tp ho chi minh"
