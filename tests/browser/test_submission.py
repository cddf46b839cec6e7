"""A worker submits an initiative, an editor approves it, and everyone finds it."""

import io
import re
import secrets

from PIL import Image
from playwright.sync_api import expect

from .conftest import check_page
from .editor_journey import INDEX_DEADLINE, log_in

FORM = "/dang-ky-sang-kien/"


def _picture(tmp_path, name: str):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_worker_fixes_a_bad_file_submits_and_an_editor_approves_it(page, tmp_path):
    marker = secrets.token_hex(3)
    title = f"Máy cắt ống tự định tâm {marker}"
    page.goto(FORM)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký sáng kiến")
    check_page(page, "submission-form")

    # While the worker types, the panel lists the published initiatives like theirs.
    page.get_by_label("Tên sáng kiến").fill("Tận dụng khí lò cao để phát điện")
    similar = page.locator("#sang-kien-tuong-tu .similar__list a")
    expect(similar.first).to_contain_text("khí lò cao")
    page.get_by_label("Tên sáng kiến").fill(title)
    page.get_by_label("Tóm tắt").fill("Đồ gá tự định tâm giúp cắt ống thép nhanh và thẳng.")
    page.get_by_label("Vấn đề, thực trạng").fill("Cắt ống bằng tay lệch tâm, phải cắt lại.")
    page.get_by_label("Giải pháp, cách làm").fill("Chế tạo đồ gá ba chấu tự định tâm.")
    page.get_by_label("Kết quả, hiệu quả").fill("Giảm 40% thời gian cắt, không còn ống hỏng.")
    page.get_by_label("Tác giả").fill("Lê Văn Cường")
    page.get_by_label("Đơn vị", exact=False).first.fill("Xưởng cơ khí số 2")
    page.get_by_label("Tỉnh, thành phố hoặc công đoàn ngành").select_option(index=1)
    page.get_by_label("Lĩnh vực").select_option(index=1)
    page.get_by_label("Ngày bắt đầu áp dụng").fill("2022-03-15")
    page.get_by_label("Giá trị làm lợi ước tính").fill("120.000.000")
    page.get_by_label("Cách tính giá trị làm lợi").fill("Tiết kiệm 400 giờ công × 300.000 đồng")
    page.get_by_label("Thư điện tử hoặc số điện thoại liên hệ").fill("cuong@example.vn")
    page.get_by_label(re.compile("^Tôi xác nhận")).check()
    renamed = tmp_path / "so-do.jpg"
    renamed.write_bytes(b"MZ\x90\x00" + b"\x00" * 400)  # a program named like a picture
    good = _picture(tmp_path, "do-ga.jpg")
    page.get_by_label(re.compile("^Ảnh minh họa")).set_input_files([good, renamed])
    page.get_by_role("button", name="Gửi sáng kiến").click()

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Chưa gửi được")
    expect(errors).to_contain_text("“so-do.jpg”")
    # What was typed, and the good picture, are still there.
    expect(page.get_by_label("Tên sáng kiến")).to_have_value(title)
    expect(page.get_by_label("do-ga.jpg")).to_be_checked()
    check_page(page, "submission-form-errors")

    page.get_by_role("button", name="Gửi sáng kiến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhận sáng kiến của bạn")
    reference = page.locator("#ma-ho-so").inner_text()
    assert re.fullmatch(r"SK-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    check_page(page, "submission-received")

    # Not public yet.
    page.goto(f"/tim-kiem/?q={marker}")
    expect(page.locator(".result__title a", has_text=title)).to_have_count(0)

    log_in(page)
    page.goto("/admin/submissions/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Tệp gửi kèm")).to_be_visible()
    page.get_by_role("link", name="Mở trang nháp để duyệt hoặc trả lại").click()
    actions = page.get_by_role("navigation", name="Thao tác (chân trang)")
    actions.get_by_role("button", name="Thao tác khác").click()
    actions.get_by_role("button", name="Phê duyệt và xuất bản", exact=True).click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Đang sửa")

    # Published, with its picture, and found by search within the index's deadline.
    page.goto(f"/tim-kiem/?q={marker}")
    result = page.locator(".result__title a", has_text=title)
    for _ in range(int(INDEX_DEADLINE * 2)):
        if result.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(result).to_have_count(1)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
