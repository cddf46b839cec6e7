"""The campaign's race: units, their dated reports, and the standings computed from them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from showcase.models import CampaignUnit, ReportPhase, UnitReport
from showcase.race import standings

pytestmark = pytest.mark.django_db


def unit(code: str) -> CampaignUnit:
    return CampaignUnit.objects.get(code=code)


def report(code: str, as_of: date, registered: int, *, target=None, phase=1, benefit=None):
    return UnitReport.objects.create(
        unit=unit(code),
        phase=phase,
        as_of=as_of,
        registered=registered,
        target=target,
        benefit_vnd=benefit,
    )


def by_code(rows):
    return {row.unit.code: row for row in rows}


def test_a_fresh_database_holds_every_national_unit_linked_to_its_province():
    national = CampaignUnit.objects.filter(parent=None)
    assert national.count() == 83
    assert unit("20").name == "Liên đoàn Lao động tỉnh Lạng Sơn"
    assert unit("20").province.name == "Lạng Sơn"
    assert unit("TW01").kind == CampaignUnit.Kind.CENTRAL


def test_units_sharing_a_count_share_a_rank_and_units_without_reports_are_unranked():
    report("38", date(2022, 3, 26), 11_666)  # Thanh Hóa
    report("40", date(2022, 3, 26), 8_881)  # Nghệ An
    report("42", date(2022, 3, 26), 8_881)  # Hà Tĩnh, tied for the example's sake
    report("20", date(2022, 3, 26), 3_001)
    rows, ranked = standings(phase=1)
    ranks = {code: row.rank for code, row in by_code(rows).items()}
    assert ranked == 4
    assert (ranks["38"], ranks["40"], ranks["42"], ranks["20"]) == (1, 2, 2, 4)
    assert ranks["01"] is None  # Hà Nội has no report
    # Tied units keep a stable order, by name: Hà Tĩnh before Nghệ An.
    assert [row.unit.code for row in rows[:4]] == ["38", "42", "40", "20"]
    assert all(row.rank is None for row in rows[4:])


def test_the_share_of_target_is_empty_when_the_target_is_zero_or_missing():
    report("20", date(2022, 5, 31), 3_001, target=2_000)
    report("38", date(2022, 5, 31), 500, target=0)
    report("40", date(2022, 5, 31), 700)
    rows, ranked = standings(phase=1, metric="percent")
    found = by_code(rows)
    assert found["20"].percent == pytest.approx(150.05)
    assert found["20"].rank == 1
    assert found["38"].percent is None and found["38"].rank is None
    assert found["40"].percent is None and found["40"].rank is None
    assert ranked == 1


def test_standings_use_the_latest_report_up_to_the_chosen_date_and_show_the_change():
    report("20", date(2022, 1, 10), 1_000)
    report("20", date(2022, 3, 26), 2_200)
    report("20", date(2022, 5, 31), 3_001)
    rows, _ = standings(phase=1, as_of=date(2022, 4, 1))
    lang_son = by_code(rows)["20"]
    assert (lang_son.registered, lang_son.as_of, lang_son.change) == (
        2_200,
        date(2022, 3, 26),
        1_200,
    )
    rows, _ = standings(phase=1, as_of=date(2022, 1, 1))
    assert by_code(rows)["20"].registered is None
    rows, _ = standings(phase=1)
    assert by_code(rows)["20"].registered == 3_001


def test_phases_are_ranked_apart():
    report("20", date(2022, 5, 31), 3_001, phase=1)
    report("38", date(2023, 9, 30), 25_000, phase=2)
    first, _ = standings(phase=1)
    second, _ = standings(phase=2)
    assert by_code(first)["20"].rank == 1 and by_code(first)["38"].rank is None
    assert by_code(second)["38"].rank == 1 and by_code(second)["20"].rank is None


def test_a_sub_unit_race_ranks_only_that_units_children():
    lang_son = unit("20")
    district = CampaignUnit.objects.create(
        code="20-trang-dinh", name="LĐLĐ huyện Tràng Định", kind="district", parent=lang_son
    )
    education = CampaignUnit.objects.create(
        code="20-giao-duc", name="Công đoàn ngành Giáo dục Lạng Sơn", kind="sector", parent=lang_son
    )
    report("20-trang-dinh", date(2022, 5, 31), 120, target=100)
    report("20-giao-duc", date(2022, 5, 31), 300, target=250)
    rows, ranked = standings(phase=1, parent=lang_son)
    assert [row.unit for row in rows] == [education, district]
    assert ranked == 2


def test_a_report_is_never_overwritten_a_new_figure_is_a_new_report():
    report("20", date(2022, 5, 31), 3_001)
    with pytest.raises(IntegrityError):
        report("20", date(2022, 5, 31), 3_100)


def test_unit_rules_are_explained_in_vietnamese():
    lang_son = unit("20")
    with pytest.raises(ValidationError, match="không có đơn vị cấp trên"):
        CampaignUnit(code="x", name="X", kind="provincial", parent=lang_son).full_clean()
    with pytest.raises(ValidationError, match="cần có đơn vị cấp trên"):
        CampaignUnit(code="y", name="Y", kind="district").full_clean()
    district = CampaignUnit.objects.create(code="20-a", name="A", kind="district", parent=lang_son)
    grassroots = CampaignUnit.objects.create(
        code="20-a-1", name="A1", kind="grassroots", parent=district
    )
    district.parent = grassroots
    district.kind = "grassroots"
    with pytest.raises(ValidationError, match="chính mình"):
        district.full_clean()


def test_a_report_dated_before_its_phase_is_refused():
    early = UnitReport(
        unit=unit("20"), phase=ReportPhase.SECOND, as_of=date(2022, 1, 1), registered=1
    )
    with pytest.raises(ValidationError, match="sớm hơn ngày bắt đầu"):
        early.full_clean()


def test_editors_list_search_and_filter_units_and_reports_in_the_admin(admin_client):
    report("20", date(2022, 5, 31), 3_001, target=2_000)
    units = admin_client.get("/admin/snippets/showcase/campaignunit/", {"q": "Lạng Sơn"})
    assert units.status_code == 200
    assert "Liên đoàn Lao động tỉnh Lạng Sơn" in units.content.decode()
    reports = admin_client.get("/admin/snippets/showcase/unitreport/", {"phase": "1"})
    assert reports.status_code == 200
    assert "3001" in reports.content.decode().replace(".", "").replace(",", "")


def test_the_leaderboard_shows_ranks_out_of_the_ranked_units_with_share_and_change(client):
    report("20", date(2022, 3, 26), 2_200, target=2_000)
    report("20", date(2022, 5, 31), 3_001, target=2_000)
    report("38", date(2022, 5, 31), 11_666)
    page = client.get("/bang-xep-hang/", {"giai_doan": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bảng xếp hạng thi đua" in html
    assert "<td>1/2</td>" in html and "<td>2/2</td>" in html
    assert "150,1%" in html and "+801" in html and "11.666" in html
    assert html.index("Thanh Hóa") < html.index("Lạng Sơn") < html.index("Hà Nội")
    by_share = client.get("/bang-xep-hang/", {"giai_doan": "1", "xep_theo": "percent"})
    assert by_share.content.decode().count("/1</td>") == 1  # only Lạng Sơn has a target
    earlier = client.get("/bang-xep-hang/", {"giai_doan": "1", "ngay": "2022-04-01"}).content
    assert "2.200" in earlier.decode() and "<td>1/1</td>" in earlier.decode()


def test_a_units_sub_units_are_one_click_away(client):
    lang_son = unit("20")
    CampaignUnit.objects.create(
        code="20-trang-dinh", name="LĐLĐ huyện Tràng Định", kind="district", parent=lang_son
    )
    report("20", date(2022, 5, 31), 3_001)
    report("20-trang-dinh", date(2022, 5, 31), 120, target=100)
    html = client.get("/bang-xep-hang/", {"giai_doan": "1"}).content.decode()
    assert "/bang-xep-hang/?don_vi=20&amp;giai_doan=1" in html
    sub = client.get("/bang-xep-hang/", {"giai_doan": "1", "don_vi": "20"}).content.decode()
    assert "LĐLĐ huyện Tràng Định" in sub and "120,0%" in sub and "Hà Nội" not in sub


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"giai_doan": "3"}, "Giai đoạn phải là 1, 2"),
        ({"xep_theo": "ten"}, "Chỉ xếp theo"),
        ({"ngay": "26/3/2022"}, "YYYY-MM-DD"),
        ({"loai": "district"}, "Loại đơn vị không hợp lệ"),
        ({"don_vi": "khong-co"}, "Không có đơn vị mã"),
    ],
)
def test_bad_leaderboard_parameters_get_a_vietnamese_400(client, params, message):
    response = client.get("/bang-xep-hang/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_leaderboard_runs_a_few_queries_whatever_the_number_of_units(
    client, django_assert_max_num_queries
):
    for code in ("20", "38", "40", "42", "01"):
        report(code, date(2022, 5, 31), 1_000, target=900)
    with django_assert_max_num_queries(12):
        assert client.get("/bang-xep-hang/", {"giai_doan": "1"}).status_code == 200


def test_home_counters_come_from_the_latest_reports_unless_an_editor_typed_a_figure(client):
    from portal.home.models import HomePage

    UnitReport.objects.create(unit=unit("20"), as_of=date(2023, 9, 30), registered=5_000)
    UnitReport.objects.create(
        unit=unit("38"), as_of=date(2023, 6, 30), registered=20_000, benefit_vnd=10**12
    )
    UnitReport.objects.create(unit=unit("38"), as_of=date(2022, 12, 31), registered=9_000)
    home = HomePage.objects.get()
    home.campaign_initiatives = home.campaign_units = home.campaign_benefit_vnd = None
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "25.000" in html  # 5,000 + 20,000: each unit's latest report
    assert "Theo báo cáo của các đơn vị đến ngày 30/09/2023" in html
    assert "1.000 tỷ đồng" in html
    assert "ban biên tập nhập" not in html

    home.campaign_initiatives = 697_000
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "697.000<sup" in html and "* số liệu tổng kết do ban biên tập nhập" in html
