"""Importing units' reported figures: the whole file or nothing, never overwriting."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from showcase.models import CampaignUnit, UnitReport

pytestmark = pytest.mark.django_db

GOOD = (
    "unit,phase,as_of,registered,target,benefit_vnd,source\n"
    "38,1,26/03/2022,11.666,,,Báo Lao Động 26/3/2022\n"
    "40,1,2022-03-26,8881,8000,,Báo Lao Động 26/3/2022\n"
    "20,1,31/05/2022,3001,2000,,LĐLĐ Lạng Sơn\n"
    "20,,30/09/2023,5200,4000,12000000000,\n"
)


def write(tmp_path: Path, text: str, name: str = "reports.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_unit_reports", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_good_file_is_imported_and_a_rerun_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    assert "Đã nhập 4 báo cáo mới" in run(path)
    thanh_hoa = UnitReport.objects.get(unit__code="38")
    assert (thanh_hoa.registered, thanh_hoa.as_of, thanh_hoa.phase) == (
        11_666,
        date(2022, 3, 26),
        1,
    )
    overall = UnitReport.objects.get(unit__code="20", phase=0)
    assert overall.benefit_vnd == 12_000_000_000
    assert "0 báo cáo mới; 4 báo cáo đã có" in run(path)
    assert UnitReport.objects.count() == 4


def test_one_bad_row_refuses_the_whole_file_with_line_numbered_vietnamese_errors(tmp_path):
    bad = GOOD + (
        "99,1,26/03/2022,10,,,\n"  # line 6: no such unit
        "38,3,26/03/2022,10,,,\n"  # line 7: no phase 3
        "38,1,hôm qua,10,,,\n"  # line 8: not a date
        "40,2,01/01/2022,10,,,\n"  # line 9: before phase 2 began
        "40,1,2022-03-26,-5,,,\n"  # line 10: negative, and the same key as line 3
    )
    path = write(tmp_path, bad)
    stderr = StringIO()
    with pytest.raises(CommandError, match="chưa ghi dòng nào"):
        call_command("import_unit_reports", str(path), stdout=stderr, stderr=stderr)
    messages = stderr.getvalue()
    assert "Dòng 6, trường “unit”: không có đơn vị mã “99”" in messages
    assert "Dòng 7, trường “phase”" in messages
    assert "Dòng 8, trường “as_of”: ngày “hôm qua” không hợp lệ" in messages
    assert "Dòng 9, trường “as_of”: ngày số liệu sớm hơn" in messages
    assert "Dòng 10, trường “registered”: không được âm" in messages
    assert UnitReport.objects.count() == 0


def test_other_figures_for_a_reported_date_are_refused_not_overwritten(tmp_path):
    run(write(tmp_path, GOOD))
    changed = GOOD.replace("3001,2000", "3100,2000")
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_unit_reports", str(write(tmp_path, changed)), stdout=stderr, stderr=stderr
        )
    assert "Dòng 4, trường “registered”: đơn vị đã có số liệu khác cho ngày 31/05/2022" in (
        stderr.getvalue()
    )
    assert UnitReport.objects.get(unit__code="20", phase=1).registered == 3_001


def test_a_spreadsheet_imports_like_a_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["unit", "phase", "as_of", "registered", "target"])
    sheet.append(["20", 1, date(2022, 5, 31), 3001, 2000])
    sheet.append(["tw01", "", date(2023, 9, 30), 15000.0, None])
    path = tmp_path / "reports.xlsx"
    workbook.save(path)
    assert "Đã nhập 2 báo cáo mới" in run(path)
    assert UnitReport.objects.get(unit=CampaignUnit.objects.get(code="TW01")).registered == 15_000


def test_an_unreadable_or_misshapen_file_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="không phải bảng tính"):
        run(write(tmp_path, "not a workbook", "reports.xlsx"))
    with pytest.raises(CommandError, match="thiếu cột bắt buộc: registered"):
        run(write(tmp_path, "unit,as_of\n20,31/05/2022\n"))
    with pytest.raises(CommandError, match="Dùng đuôi .csv, .xlsx"):
        run(write(tmp_path, GOOD, "reports.txt"))


def test_editors_upload_a_report_file_in_the_admin(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/bao-cao-so-lieu/nhap/"
    assert admin_client.get(url).status_code == 200
    good = SimpleUploadedFile("so-lieu.csv", GOOD.encode("utf-8"), content_type="text/csv")
    response = admin_client.post(url, {"file": good})
    assert response.status_code == 302
    assert UnitReport.objects.count() == 4

    bad = SimpleUploadedFile(
        "so-lieu.csv", (GOOD + "99,1,26/03/2022,10,,,\n").encode("utf-8"), content_type="text/csv"
    )
    page = admin_client.post(url, {"file": bad}).content.decode()
    assert "chưa ghi dòng nào" in page and "Dòng 6, trường “unit”" in page
    assert UnitReport.objects.count() == 4

    other = SimpleUploadedFile("so-lieu.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert (
        "Chỉ nhận tệp .csv hoặc .xlsx" in admin_client.post(url, {"file": other}).content.decode()
    )


def test_only_editors_allowed_to_add_reports_may_upload(client, django_user_model):
    user = django_user_model.objects.create_user("xem", password="mat-khau-dai-123")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/bao-cao-so-lieu/nhap/").status_code in (302, 403)


def test_the_demo_column_takes_the_initiative_imports_yes_and_no(tmp_path):
    text = "unit,as_of,registered,demo\n20,30/09/2023,10,có\n38,30/09/2023,20,không\n"
    run(write(tmp_path, text))
    assert list(UnitReport.objects.order_by("unit__code").values_list("is_demo", flat=True)) == [
        True,
        False,
    ]
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_unit_reports",
            str(write(tmp_path, "unit,as_of,registered,demo\n40,30/09/2023,5,hmm\n")),
            stdout=stderr,
            stderr=stderr,
        )
    assert "Dòng 2, trường “demo”: phải là có/không" in stderr.getvalue()
