import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from showcase import bulk_import
from showcase.models import InitiativePage

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,title,summary,body,authors,unit,province,sector,phase,year,"
    "benefit_vnd,tags,featured,recognised_on\n"
)


def csv_file(tmp_path, rows: str, name="sang-kien.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + rows, encoding="utf-8")
    return path


def jsonl_file(tmp_path, rows: list[dict], name="sang-kien.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def run_import(path, *args):
    call_command("import_initiatives", str(path), "--no-progress", *args)


def import_errors(path, capsys, *args) -> str:
    with pytest.raises(CommandError) as error:
        run_import(path, *args)
    return capsys.readouterr().err + str(error.value)


GOOD_CSV = (
    'BD-1,Biến tần cho quạt hút,"Lắp biến tần, giảm điện năng.",'
    '"Vấn đề: Quạt chạy hết công suất.\n\n'
    'Giải pháp: Lắp biến tần.\n\nKết quả: Giảm 20% điện.",Nguyễn Văn A;Trần Thị B,'
    "Công ty X,TP.HCM,nang-luong,,,1.250.000.000,tiết kiệm điện;biến tần,có,2022-03-15\n"
    "BD-2,Sổ tay an toàn điện tử,Số hóa sổ tay an toàn.,,Lê Văn C,Xí nghiệp Y,"
    "Tỉnh Thanh Hoá,An toàn vệ sinh lao động,2,2023,,an toàn lao động,0,\n"
)


def test_csv_rows_become_published_initiatives_under_the_showcase(tmp_path):
    run_import(csv_file(tmp_path, GOOD_CSV))
    first = InitiativePage.objects.get(external_id="BD-1")
    assert first.live
    assert first.url == "/sang-kien/bien-tan-cho-quat-hut/"
    assert first.province.code == "79"
    assert first.sector.slug == "nang-luong"
    assert (first.phase, first.year) == (1, 2022)
    assert first.benefit_vnd == 1_250_000_000
    assert first.author_list == ["Nguyễn Văn A", "Trần Thị B"]
    assert sorted(first.tags.names()) == ["biến tần", "tiết kiệm điện"]
    assert first.featured
    assert [block.block_type for block in first.body] == ["problem", "solution", "result"]
    second = InitiativePage.objects.get(external_id="BD-2")
    assert second.province.code == "38"
    assert second.sector.slug == "an-toan-lao-dong"
    assert (second.phase, second.year, second.benefit_vnd) == (2, 2023, None)


def test_jsonl_is_chosen_by_extension_and_accepts_lists(tmp_path):
    path = jsonl_file(
        tmp_path,
        [
            {
                "external_id": "J-1",
                "title": "Robot hàn",
                "summary": "Robot hàn tự chế.",
                "province": "Thành phố Hải Phòng",
                "sector": "cong-nghiep",
                "recognised_on": "15/10/2022",
                "benefit_vnd": 3_000_000_000,
                "tags": ["tự động hóa", "hàn"],
                "authors": ["Phạm Văn D"],
                "featured": True,
            }
        ],
    )
    run_import(path)
    page = InitiativePage.objects.get(external_id="J-1")
    assert page.province.code == "31"
    assert (page.phase, page.year) == (2, 2022)
    assert sorted(page.tags.names()) == ["hàn", "tự động hóa"]


def test_format_option_overrides_the_extension(tmp_path):
    path = tmp_path / "du-lieu.txt"
    path.write_text(HEADER + GOOD_CSV, encoding="utf-8")
    run_import(path, "--format", "csv")
    assert InitiativePage.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("79", "79"),
        ("TP.HCM", "79"),
        ("thanh pho ho chi minh", "79"),
        ("Tỉnh Đắk Lắk", "66"),
        ("dak lak", "66"),
        ("1", "01"),
        ("Hà Nội", "01"),
        ("TW01", "TW01"),
        ("tp. Cần Thơ", "92"),
    ],
)
def test_provinces_match_by_code_or_name_ignoring_case_accents_and_prefixes(tmp_path, value, code):
    row = f'P-1,Tiêu đề,Tóm tắt,,,,"{value}",y-te,1,,,,,\n'
    run_import(csv_file(tmp_path, row))
    assert InitiativePage.objects.get(external_id="P-1").province.code == code


def test_rerunning_an_import_updates_instead_of_duplicating(tmp_path, capsys):
    path = csv_file(tmp_path, GOOD_CSV)
    run_import(path)
    run_import(path)
    assert "0 mới, 0 cập nhật, 2 không đổi" in capsys.readouterr().out
    changed = csv_file(tmp_path, GOOD_CSV.replace("Biến tần cho quạt hút", "Biến tần thế hệ mới"))
    run_import(changed)
    assert InitiativePage.objects.count() == 2
    assert InitiativePage.objects.get(external_id="BD-1").title == "Biến tần thế hệ mới"


def test_a_repeated_id_is_refused_even_when_the_row_is_already_imported(tmp_path, capsys):
    run_import(csv_file(tmp_path, GOOD_CSV))
    first_row = GOOD_CSV.splitlines(keepends=True)[0:5]
    twice = csv_file(tmp_path, GOOD_CSV + "".join(first_row), name="hai-lan.csv")
    message = import_errors(twice, capsys)
    assert "mã “BD-1” trùng với dòng 2" in message
    assert InitiativePage.objects.count() == 2


def test_a_changed_row_is_not_taken_for_unchanged_by_a_later_copy_of_its_id(tmp_path, capsys):
    run_import(csv_file(tmp_path, GOOD_CSV))
    capsys.readouterr()
    bd2 = GOOD_CSV.splitlines(keepends=True)[5]
    changed_then_stored = bd2.replace("Xí nghiệp Y", "Xí nghiệp Z") + bd2
    run_import(csv_file(tmp_path, changed_then_stored, name="b.csv"), "--skip-invalid")
    output = capsys.readouterr()
    assert "mã “BD-2” trùng với dòng 2" in output.err
    assert "1 cập nhật" in output.out
    assert InitiativePage.objects.get(external_id="BD-2").unit == "Xí nghiệp Z"


def test_a_rerun_reports_only_the_rows_that_changed_as_written(tmp_path, capsys):
    run_import(csv_file(tmp_path, GOOD_CSV))
    capsys.readouterr()
    extra = "BD-3,Máy ép bùn,Ép bùn thải.,,,,01,y-te,1,,,,,\n"
    run_import(csv_file(tmp_path, GOOD_CSV.replace("Xí nghiệp Y", "Xí nghiệp Z") + extra))
    assert "Đã nhập 3 sáng kiến: 1 mới, 1 cập nhật, 1 không đổi." in capsys.readouterr().out
    assert InitiativePage.objects.get(external_id="BD-2").unit == "Xí nghiệp Z"


def test_an_interrupted_import_can_be_rerun_without_duplicates(tmp_path, monkeypatch):
    rows = "".join(f"R-{n},Sáng kiến {n},Tóm tắt {n},,,,01,y-te,1,,,,,\n" for n in range(6))
    path = csv_file(tmp_path, rows)
    real_batch = bulk_import.import_batch
    calls = {"count": 0}

    def crash_in_second_batch(**kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            raise KeyboardInterrupt
        return real_batch(**kwargs)

    monkeypatch.setattr(
        "showcase.management.commands.import_initiatives.import_batch", crash_in_second_batch
    )
    with pytest.raises(KeyboardInterrupt):
        run_import(path, "--batch-size", "2")
    assert InitiativePage.objects.count() == 2

    monkeypatch.undo()
    run_import(path, "--batch-size", "2")
    assert sorted(InitiativePage.objects.values_list("external_id", flat=True)) == [
        f"R-{n}" for n in range(6)
    ]


def test_wrong_encoding_is_reported_with_its_line_and_nothing_is_written(tmp_path, capsys):
    path = tmp_path / "cp1258.csv"
    path.write_bytes(HEADER.encode() + "W-1,Cà phê,Cà Mau,,,,01,y-te,1,,,,,\n".encode("cp1258"))
    message = import_errors(path, capsys)
    assert "Dòng 2: tệp không phải UTF-8" in message
    assert not InitiativePage.objects.exists()


def test_missing_required_columns_are_named(tmp_path, capsys):
    path = csv_file(tmp_path, "M-1,Tiêu đề\n", header="external_id,title\n")
    assert "thiếu cột bắt buộc: province, sector" in import_errors(path, capsys)


def test_unknown_columns_are_refused(tmp_path, capsys):
    path = csv_file(
        tmp_path, "M-1,Tiêu đề,01,y-te,5\n", header="external_id,title,province,sector,benfit\n"
    )
    assert "cột không được hỗ trợ: benfit" in import_errors(path, capsys)


BAD_ROWS = (
    "OK-1,Hợp lệ,Tóm tắt,,,,01,y-te,1,,,,,\n"
    "B-1,Tỉnh lạ,Tóm tắt,,,,Tỉnh Atlantis,y-te,1,,,,,\n"
    "B-2,Ngành lạ,Tóm tắt,,,,01,thien-van,1,,,,,\n"
    "OK-1,Trùng mã,Tóm tắt,,,,01,y-te,1,,,,,\n"
    "B-3,Âm,Tóm tắt,,,,01,y-te,1,,-5000000,,,\n"
    "B-4,Chữ,Tóm tắt,,,,01,y-te,1,,khoảng một tỷ,,,\n"
    "B-5,Sai năm,Tóm tắt,,,,01,y-te,1,2023,,,,\n"
)


def test_invalid_rows_are_listed_with_line_field_and_reason(tmp_path, capsys):
    message = import_errors(csv_file(tmp_path, BAD_ROWS), capsys)
    expected = [
        "Dòng 3, trường “province”: không có tỉnh, thành phố hay ngành “Tỉnh Atlantis”",
        "Dòng 4, trường “sector”: không có lĩnh vực “thien-van”",
        "Dòng 5, trường “external_id”: mã “OK-1” trùng với dòng 2",
        "Dòng 6, trường “benefit_vnd”: giá trị làm lợi không được âm",
        "Dòng 7, trường “benefit_vnd”: Giá trị làm lợi phải là số nguyên",
        "Dòng 8, trường “year”: giai đoạn 1 chỉ gồm các năm 2021–2022",
        "chưa ghi dòng nào",
    ]
    for text in expected:
        assert text in message
    assert not InitiativePage.objects.exists()


def test_skip_invalid_imports_the_valid_rows(tmp_path, capsys):
    run_import(csv_file(tmp_path, BAD_ROWS), "--skip-invalid")
    assert list(InitiativePage.objects.values_list("external_id", flat=True)) == ["OK-1"]
    assert "bỏ qua 6 dòng lỗi" in capsys.readouterr().out


def test_broken_json_lines_are_reported(tmp_path, capsys):
    path = tmp_path / "hong.jsonl"
    path.write_text('{"external_id": "J-1", "title": \n[1, 2]\n', encoding="utf-8")
    message = import_errors(path, capsys)
    assert "Dòng 1" in message and "JSON không hợp lệ" in message
    assert "Dòng 2" in message and "mỗi dòng phải là một đối tượng JSON" in message


def test_unknown_extension_and_missing_file_are_clear_errors(tmp_path, capsys):
    assert "Không nhận ra định dạng" in import_errors(tmp_path / "a.xlsx", capsys)
    assert "Không mở được tệp" in import_errors(tmp_path / "khong-co.csv", capsys)


def test_a_long_import_renews_the_planner_statistics_as_it_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(
        "showcase.management.commands.import_initiatives.FIRST_STATISTICS_REFRESH", 2
    )
    rows = "".join(f"S-{n},Sáng kiến {n},Tóm tắt {n},,,,01,y-te,1,,,,,\n" for n in range(5))
    run_import(csv_file(tmp_path, rows), "--batch-size", "2")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'showcase_initiativepage'"
            )
            assert cursor.fetchone()[0] == 5
        else:
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'showcase_initiativepage' LIMIT 1"
            )
            assert cursor.fetchone()[0].split()[0] == "5"


def test_both_passes_report_their_progress_when_piped(tmp_path):
    stderr = io.StringIO()
    call_command("import_initiatives", str(csv_file(tmp_path, GOOD_CSV)), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith("Kiểm tra tệp: 1/1 MB (100%), ")
    assert lines[1].startswith("Nhập sáng kiến: 2/2 dòng (100%), ")
