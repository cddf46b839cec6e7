"""A unit's page: its reports over time, its place in its race, its sub-units and its
initiatives; and the leaderboard's region filter and links to the pages."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from showcase.models import CampaignUnit, Province, UnitReport
from showcase.race import standings

from .factories import province

pytestmark = pytest.mark.django_db


def unit(code: str) -> CampaignUnit:
    return CampaignUnit.objects.get(code=code)


def report(code, as_of, registered, *, phase=1, target=None, benefit=None, demo=False):
    return UnitReport.objects.create(
        unit=unit(code), phase=phase, as_of=as_of, registered=registered, target=target,
        benefit_vnd=benefit, is_demo=demo, source="Báo Lao Động",
    )  # fmt: skip


@pytest.fixture
def trang_dinh():
    return CampaignUnit.objects.create(
        code="20-trang-dinh",
        name="Liên đoàn Lao động huyện Tràng Định",
        short_name="LĐLĐ huyện Tràng Định",
        kind="district",
        parent=unit("20"),
    )


def test_every_province_belongs_to_a_region_and_central_unions_to_none():
    assert not Province.objects.exclude(kind="central").filter(region="").exists()
    assert not Province.objects.filter(kind="central").exclude(region="").exists()
    assert province("20").get_region_display() == "Trung du và miền núi phía Bắc"
    assert province("79").get_region_display() == "Đông Nam Bộ"


def test_a_region_is_required_of_a_province_and_refused_for_a_central_union():
    lang_son = province("20")
    lang_son.region = ""
    with pytest.raises(ValidationError, match="Chọn vùng"):
        lang_son.full_clean()
    union = province("TW01")
    union.region = "dong-nam-bo"
    with pytest.raises(ValidationError, match="không thuộc vùng nào"):
        union.full_clean()


def test_the_leaderboard_filters_by_region_and_ranks_within_it(client):
    report("20", date(2022, 5, 31), 3_001)  # Lạng Sơn, northern uplands
    report("38", date(2022, 5, 31), 11_666)  # Thanh Hóa, central coast
    report("19", date(2022, 5, 31), 2_500)  # Thái Nguyên, northern uplands
    rows, ranked = standings(phase=1, region="trung-du-mien-nui-bac-bo")
    assert ranked == 2 and len(rows) == 14
    assert [row.unit.code for row in rows[:2]] == ["20", "19"]
    html = client.get(
        "/bang-xep-hang/", {"giai_doan": "1", "vung": "trung-du-mien-nui-bac-bo"}
    ).content.decode()
    assert "Lạng Sơn" in html and "Thanh Hóa" not in html and "<td>1/2</td>" in html
    bad = client.get("/bang-xep-hang/", {"vung": "mien-tay"})
    assert bad.status_code == 400 and "Vùng không hợp lệ" in bad.content.decode()


def test_each_unit_on_the_leaderboard_links_to_its_page(client):
    report("20", date(2022, 5, 31), 3_001)
    html = client.get("/bang-xep-hang/", {"giai_doan": "1"}).content.decode()
    assert 'href="/bang-xep-hang/don-vi/20/"' in html
    assert 'href="/bang-xep-hang/don-vi/TW01/"' in html


def test_a_unit_page_shows_its_rank_and_every_report_against_its_target(client):
    report("20", date(2022, 3, 26), 2_200, target=2_000)
    report("20", date(2022, 5, 31), 3_001, target=2_000, benefit=45 * 10**9)
    report("38", date(2022, 5, 31), 11_666, demo=True)
    response = client.get("/bang-xep-hang/don-vi/20/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lạng Sơn</h1>" in html
    assert "Hạng <strong>2/2</strong>" in html
    assert "3.001 sáng kiến / chỉ tiêu 2.000 (150,1% kế hoạch)" in html
    assert "Làm lợi 45 tỷ đồng" in html
    history = html.split("Xem bảng số liệu")[1]
    assert history.index("26/03/2022") < history.index("31/05/2022")
    assert "110,0%" in history and "Báo Lao Động" in history
    assert "minh họa" not in html.split("Vị trí thi đua")[1].split("</section>")[0]


def test_a_unit_page_ranks_its_sub_units_and_each_links_to_its_own_page(client, trang_dinh):
    CampaignUnit.objects.create(
        code="20-cao-loc", name="Liên đoàn Lao động huyện Cao Lộc", kind="district",
        parent=unit("20"),
    )  # fmt: skip
    report("20-trang-dinh", date(2022, 5, 31), 120, target=100)
    report("20-cao-loc", date(2022, 5, 31), 90, target=100)
    html = client.get("/bang-xep-hang/don-vi/20/").content.decode()
    assert "Các đơn vị trực thuộc" in html
    assert 'href="/bang-xep-hang/don-vi/20-trang-dinh/"' in html
    assert html.index("LĐLĐ huyện Tràng Định") < html.index("Cao Lộc")
    sub = client.get("/bang-xep-hang/don-vi/20-trang-dinh/").content.decode()
    assert "trực thuộc" in sub and 'href="/bang-xep-hang/don-vi/20/"' in sub
    assert "Hạng <strong>1/2</strong>" in sub
    assert "Bảng xếp hạng</a>" in sub  # the breadcrumbs lead back to the race


def test_a_unit_page_lists_its_initiatives_by_benefit_and_a_sub_unit_only_those_naming_it(
    client, make_initiative, trang_dinh
):
    make_initiative(title="Máy tách hạt dẻ", province=province("20"), benefit_vnd=10**9)
    make_initiative(title="Bếp sấy hồi", province=province("20"), benefit_vnd=5 * 10**9,
                    unit="Trường THCS Tràng Định, LĐLĐ huyện Tràng Định")  # fmt: skip
    make_initiative(title="Máy gặt lúa", province=province("38"), benefit_vnd=9 * 10**9)
    draft = make_initiative(title="Bản nháp chưa đăng", province=province("20"))
    draft.unpublish()
    html = client.get("/bang-xep-hang/don-vi/20/").content.decode()
    assert html.index("Bếp sấy hồi") < html.index("Máy tách hạt dẻ")
    assert "Máy gặt lúa" not in html and "Bản nháp chưa đăng" not in html
    sub = client.get("/bang-xep-hang/don-vi/20-trang-dinh/").content.decode()
    assert "Bếp sấy hồi" in sub and "Máy tách hạt dẻ" not in sub


def test_a_unit_without_reports_says_so_and_an_unknown_unit_is_not_found(client):
    html = client.get("/bang-xep-hang/don-vi/TW05/").content.decode()
    assert "Đơn vị chưa có báo cáo số liệu." in html
    assert client.get("/bang-xep-hang/don-vi/khong-co/").status_code == 404


def test_a_unit_code_must_fit_in_an_address():
    bad = CampaignUnit(code="20/huyện", name="Sai mã", kind="district", parent=unit("20"))
    with pytest.raises(ValidationError, match="Mã chỉ gồm chữ cái không dấu"):
        bad.full_clean()


def test_a_unit_page_runs_a_few_queries_whatever_the_number_of_sub_units(
    client, django_assert_max_num_queries
):
    parent = unit("20")
    CampaignUnit.objects.bulk_create(
        CampaignUnit(code=f"20-{n}", name=f"Đơn vị {n}", kind="grassroots", parent=parent)
        for n in range(30)
    )
    for code in ("20", "20-1", "20-2", "20-3"):
        report(code, date(2022, 5, 31), 100, target=90)
    with django_assert_max_num_queries(15):
        assert client.get("/bang-xep-hang/don-vi/20/").status_code == 200


def test_the_leaderboard_columns_rank_by_their_figure_keeping_the_other_choices(client):
    report("20", date(2022, 5, 31), 3_001, target=2_000)
    report("38", date(2022, 5, 31), 11_666, target=12_000)
    html = client.get("/bang-xep-hang/", {"giai_doan": "1", "xep_theo": "percent"}).content
    html = html.decode()
    assert (
        'aria-sort="descending"><a class="race__sort" href="?giai_doan=1&amp;xep_theo=percent"'
        in html
    )
    assert 'href="?giai_doan=1&amp;xep_theo=benefit"' in html
    assert html.index("Lạng Sơn") < html.index("Thanh Hóa")  # 150% before 97%


def test_a_unit_page_charts_each_phase_against_its_target_in_well_formed_svg(client):
    report("20", date(2022, 3, 26), 2_200, target=2_000)
    report("20", date(2022, 5, 31), 3_001, target=2_000)
    report("20", date(2023, 6, 30), 4_000, phase=2)
    html = client.get("/bang-xep-hang/don-vi/20/").content.decode()
    svgs = re.findall(r"<svg class=\"chart__svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2  # phase 1 and phase 2
    first = ET.fromstring(svgs[0])  # noqa: S314 (the site's own markup)
    texts = " ".join(first.itertext())
    assert "Chỉ tiêu" in texts and "3.001" in texts
    assert "Đến 31/05/2022: 3.001 sáng kiến, chỉ tiêu 2.000" in first.find("desc").text
    second = ET.fromstring(svgs[1])  # noqa: S314 (the site's own markup)
    assert "Chỉ tiêu" not in " ".join(second.itertext())  # phase 2 has no target
