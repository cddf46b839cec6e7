"""Workers submit initiatives at /dang-ky-sang-kien/: validation in Vietnamese, uploads,
abuse defences, the draft in moderation, the reference code and its lookup, and the
decisions that reach the submitter."""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from wagtail.models import PageLogEntry

from showcase.models import InitiativePage
from showcase.submissions import services
from showcase.submissions.models import Submission, SubmissionFile

from .factories import province, sector

FORM_URL = "/dang-ky-sang-kien/"


def jpeg(name="anh-may.jpg", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="thuyet-minh.pdf") -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def form_data(**overrides) -> dict:
    data = {
        "title": "Bộ gá hàn khung xe giảm 30% thời gian",
        "summary": "Bộ gá định vị giúp hàn khung xe nhanh và đều hơn.",
        "problem": "Hàn khung xe thủ công mất nhiều thời gian, mối hàn không đều.",
        "solution": "Chế tạo bộ gá định vị bằng thép tấm tận dụng.\n\nLắp chốt định vị nhanh.",
        "result": "Giảm 30% thời gian hàn, tiết kiệm 450 triệu đồng mỗi năm.",
        "authors": "Nguyễn Văn An, Trần Thị Bình",
        "unit": "Công ty CP Cơ khí Sông Thao",
        "province": str(province("01").pk),
        "sector": str(sector("cong-nghiep").pk),
        "applied_on": "15/03/2022",
        "benefit_vnd": "450.000.000",
        "benefit_note": "Tiết kiệm 1.500 giờ công × 300.000 đồng",
        "contact": "An.Nguyen@Example.vn",
        "consent": "on",
        "trang_web": "",
    }
    data.update(overrides)
    return data


def submit(client, *, files=None, ip="10.1.0.1", **overrides):
    data = form_data(**overrides)
    data.update(files or {})
    return client.post(FORM_URL, data, REMOTE_ADDR=ip)


def stored_files() -> list[Path]:
    root = Path(settings.SUBMISSION_FILES_ROOT)
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.SUBMISSION_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("kiem-duyet", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


# The form ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_page_shows_every_field_in_vietnamese(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Tên sáng kiến", "Giải pháp, cách làm", "Ảnh minh họa", "Tài liệu kèm theo"):
        assert label in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.django_db
def test_a_valid_submission_becomes_a_draft_in_moderation_with_its_files(client, mailoutbox):
    response = submit(client, files={"images": [jpeg(), jpeg("anh-2.png")], "documents": pdf()})
    assert response.status_code == 302
    assert response["Location"] == "/dang-ky-sang-kien/da-gui/"
    submission = Submission.objects.get()
    page = submission.page
    assert not page.live
    assert page.title == "Bộ gá hàn khung xe giảm 30% thời gian"
    assert (page.phase, page.year, page.benefit_vnd) == (1, 2022, 450_000_000)
    assert [block.block_type for block in page.body] == ["problem", "solution", "result"]
    assert page.current_workflow_state is not None
    assert submission.contact == "an.nguyen@example.vn"
    assert sorted(submission.files.values_list("kind", flat=True)) == [
        "document",
        "image",
        "image",
    ]
    assert len(stored_files()) == 3
    # Stored outside the public media, and out of the public search.
    assert not str(settings.SUBMISSION_FILES_ROOT).startswith(str(settings.MEDIA_ROOT))
    page_html = client.get("/tim-kiem/", {"q": "gá hàn khung xe"}).content.decode()
    assert "Bộ gá hàn khung xe" not in page_html
    # The reference, shown and mailed.
    shown = client.get(response["Location"]).content.decode()
    assert submission.reference in shown
    assert len(mailoutbox) == 1
    assert submission.reference in mailoutbox[0].body
    assert mailoutbox[0].to == ["an.nguyen@example.vn"]


@pytest.mark.django_db
def test_errors_are_in_vietnamese_and_keep_the_input(client):
    response = submit(
        client, title="Ngắn", applied_on="01/01/2030", benefit_vnd="nhiều lắm", consent=""
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    html = response.content.decode()
    assert "Cần ít nhất 10 ký tự" in html
    assert "Ngày áp dụng không được ở tương lai." in html
    assert "Nhập số tiền bằng chữ số" in html
    assert "Hãy đánh dấu ô xác nhận để gửi." in html
    # What was typed stays in the form.
    assert "Công ty CP Cơ khí Sông Thao" in html
    assert "Hàn khung xe thủ công mất nhiều thời gian" in html
    assert 'aria-invalid="true"' in html
    assert Submission.objects.count() == 0
    assert InitiativePage.objects.count() == 0


@pytest.mark.django_db
def test_a_date_outside_the_campaign_and_a_benefit_without_its_calculation_are_refused(client):
    response = submit(client, applied_on="2020-05-01", benefit_note="")
    html = response.content.decode()
    assert "Ngày áp dụng phải trong thời gian phong trào" in html
    assert "Hãy ghi cách tính số tiền làm lợi." in html


@pytest.mark.django_db
def test_a_contact_must_be_an_email_or_a_vietnamese_phone(client):
    assert "Nhập thư điện tử hoặc số điện thoại" in submit(client, contact="abc").content.decode()
    assert submit(client, contact="+84 912 345 678").status_code == 302
    assert Submission.objects.get().contact == "0912345678"


@pytest.mark.django_db
def test_a_bad_file_refuses_the_whole_submission_and_names_the_file(client):
    renamed = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")
    response = submit(client, files={"images": [jpeg(), renamed]})
    assert "Chưa gửi được" in response.content.decode()
    assert "“anh.jpg”" in response.content.decode()
    assert Submission.objects.count() == 0
    # Only the good picture, held for the next try.
    assert [path.parent.parent.name for path in stored_files()] == ["staging"]


@pytest.mark.django_db
def test_more_than_five_pictures_are_refused(client):
    response = submit(client, files={"images": [jpeg(f"anh-{n}.jpg") for n in range(6)]})
    assert "Chỉ gửi được tối đa 5 tệp" in response.content.decode()


@pytest.mark.django_db
def test_gps_is_stripped_from_a_submitted_picture(client):
    exif = Image.Exif()
    exif[0x010F] = "MayAnhBiMat"
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 30.0)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buffer, "JPEG", exif=exif)
    submit(client, files={"images": SimpleUploadedFile("gps.jpg", buffer.getvalue())})
    stored = SubmissionFile.objects.get()
    content = stored.file.open("rb").read()
    assert b"MayAnhBiMat" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


# Abuse ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_with_a_message(client):
    response = submit(client, trang_web="http://spam.example")
    assert response.status_code == 400
    assert "Không gửi được biểu mẫu" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_a_sixth_submission_in_an_hour_from_one_address_is_refused(client):
    for number in range(5):
        assert (
            submit(client, ip="10.9.9.9", title=f"Sáng kiến thử số {number} hợp lệ").status_code
            == 302
        )
    response = submit(client, ip="10.9.9.9")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert Submission.objects.count() == 5
    # Another address is not held back.
    assert submit(client, ip="10.9.9.10").status_code == 302


@pytest.mark.django_db
def test_the_form_needs_its_csrf_token():
    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data())
    assert response.status_code == 403
    assert Submission.objects.count() == 0


# Nothing lost, nothing half-written ---------------------------------------------------


@pytest.mark.django_db
def test_a_crash_after_the_files_are_saved_leaves_no_file_and_no_record(client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("the server stopped before the draft was created")

    monkeypatch.setattr(services, "_draft_page", crash)
    with pytest.raises(RuntimeError):
        submit(client, files={"images": jpeg(), "documents": pdf()})
    assert stored_files() == []
    assert Submission.objects.count() == 0
    assert SubmissionFile.objects.count() == 0
    assert InitiativePage.objects.count() == 0


@pytest.mark.django_db
def test_a_crash_after_the_draft_rolls_the_draft_back_and_removes_the_files(client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("the database went away after the draft")

    monkeypatch.setattr(services.Submission.objects, "create", crash)
    with pytest.raises(RuntimeError):
        submit(client, files={"images": jpeg()})
    assert stored_files() == []
    assert InitiativePage.objects.count() == 0


# Lookup --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lookup_shows_the_status_only_with_the_right_contact(client):
    submit(client)
    submission = Submission.objects.get()
    lookup = "/dang-ky-sang-kien/tra-cuu/"
    found = client.post(
        lookup,
        {
            "reference": submission.reference.lower().replace("-", " "),
            "contact": "AN.NGUYEN@example.vn",
        },
        REMOTE_ADDR="10.2.0.1",
    )
    assert found.status_code == 200
    assert "Đã nhận, đang chờ duyệt" in found.content.decode()
    for reference, contact in (
        (submission.reference, "someone@example.vn"),
        ("SK-0000-0000", "an.nguyen@example.vn"),
    ):
        refused = client.post(
            lookup, {"reference": reference, "contact": contact}, REMOTE_ADDR="10.2.0.1"
        )
        assert refused.status_code == 200
        html = refused.content.decode()
        assert "Không tìm thấy hồ sơ với mã và thông tin liên hệ này" in html
        assert submission.title not in html


@pytest.mark.django_db
def test_lookups_are_rate_limited(client):
    for _ in range(20):
        client.post(
            "/dang-ky-sang-kien/tra-cuu/",
            {"reference": "SK-0000-0000", "contact": "a@b.vn"},
            REMOTE_ADDR="10.3.0.1",
        )
    response = client.post(
        "/dang-ky-sang-kien/tra-cuu/",
        {"reference": "SK-0000-0000", "contact": "a@b.vn"},
        REMOTE_ADDR="10.3.0.1",
    )
    assert response.status_code == 429


# Similar initiatives -------------------------------------------------------------------


@pytest.mark.django_db
def test_similar_published_initiatives_are_suggested_while_typing(client, make_initiative):
    make_initiative(title="Bộ gá hàn khung xe máy", summary="Gá hàn định vị khung xe.")
    make_initiative(title="Tủ sấy hồ sơ chống ẩm", summary="Sấy hồ sơ lưu trữ.")
    response = client.get(
        "/dang-ky-sang-kien/tuong-tu/", {"title": "gá hàn khung xe", "summary": ""}
    )
    html = response.content.decode()
    assert "Bộ gá hàn khung xe máy" in html
    assert html.index("Bộ gá hàn khung xe máy") < html.find("Tủ sấy") or "Tủ sấy" not in html


@pytest.mark.django_db
def test_drafts_are_never_suggested_as_similar(client):
    submit(client)
    response = client.get("/dang-ky-sang-kien/tuong-tu/", {"title": "Bộ gá hàn khung xe"})
    assert "Bộ gá hàn khung xe giảm 30%" not in response.content.decode()


# Moderation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_approval_publishes_the_initiative_with_its_pictures_and_tells_the_submitter(
    client, moderator, mailoutbox
):
    submit(client, files={"images": jpeg(), "documents": pdf()})
    submission = Submission.objects.get()
    task_state = submission.page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    submission.refresh_from_db()
    page = InitiativePage.objects.get(pk=submission.page_id)
    assert page.live
    assert submission.status == Submission.Status.APPROVED
    assert submission.decided_by == moderator
    assert page.gallery_images.count() == 1
    assert page.documents.count() == 1
    assert (
        "Bộ gá hàn khung xe" in client.get("/tim-kiem/", {"q": "gá hàn khung xe"}).content.decode()
    )
    assert "đã được đăng" in mailoutbox[-1].subject
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"submissions.received", "submissions.approved", "wagtail.workflow.approve"} <= actions


@pytest.mark.django_db
def test_rejection_keeps_the_draft_and_sends_the_reason(client, moderator, mailoutbox):
    submit(client)
    submission = Submission.objects.get()
    task_state = submission.page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state, moderator, "reject", comment="Thiếu số liệu đo trước và sau khi áp dụng."
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.decision_note == "Thiếu số liệu đo trước và sau khi áp dụng."
    assert not InitiativePage.objects.get(pk=submission.page_id).live
    assert "Thiếu số liệu đo trước và sau" in mailoutbox[-1].body
    lookup = client.post(
        "/dang-ky-sang-kien/tra-cuu/",
        {"reference": submission.reference, "contact": "an.nguyen@example.vn"},
        REMOTE_ADDR="10.4.0.1",
    )
    assert "Thiếu số liệu đo trước và sau khi áp dụng." in lookup.content.decode()


@pytest.mark.django_db
def test_a_visitor_cannot_see_a_submitted_draft(client):
    submit(client)
    page = Submission.objects.get().page
    assert client.get(page.url or f"/sang-kien/{page.slug}/").status_code == 404
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 302  # to the login


# The editors' listing --------------------------------------------------------------------


@pytest.mark.django_db
def test_moderators_list_submissions_filtered_by_status_and_province(client, moderator):
    submit(client, ip="10.5.0.1")
    submit(
        client,
        ip="10.5.0.2",
        title="Tủ sấy hồ sơ chống ẩm bằng điện trở",
        province=str(province("79").pk),
    )
    rejected = Submission.objects.get(title__startswith="Tủ sấy")
    rejected.status = Submission.Status.REJECTED
    rejected.save()
    client.force_login(moderator)
    listing = client.get("/admin/submissions/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Bộ gá hàn khung xe" in html and "Tủ sấy hồ sơ" in html
    only_open = client.get("/admin/submissions/", {"status": "received"}).content.decode()
    assert "Bộ gá hàn khung xe" in only_open and "Tủ sấy hồ sơ" not in only_open
    by_province = client.get("/admin/submissions/", {"province": province("79").pk})
    assert "Bộ gá hàn khung xe" not in by_province.content.decode()
    assert "/admin/submissions/new/" not in html


@pytest.mark.django_db
def test_a_submission_shows_its_files_and_possible_duplicates(client, moderator, make_initiative):
    make_initiative(title="Bộ gá hàn khung xe máy", summary="Gá hàn định vị khung xe.")
    submit(client, files={"images": jpeg()})
    submission = Submission.objects.get()
    client.force_login(moderator)
    html = client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    assert "Có thể trùng với" in html
    assert "Bộ gá hàn khung xe máy" in html
    file = submission.files.get()
    download = client.get(f"/admin/submissions/file/{file.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get("/admin/submissions/new/").status_code in (302, 403)


@pytest.mark.django_db
def test_submitted_files_are_never_served_to_the_public(client, django_user_model):
    submit(client, files={"images": jpeg()})
    file = SubmissionFile.objects.get()
    assert client.get(f"/admin/submissions/file/{file.pk}/").status_code == 302  # login
    assert client.get(f"/media/{file.file.name}").status_code == 404
    visitor = django_user_model.objects.create_user("khach", password="x")
    client.force_login(visitor)
    assert client.get(f"/admin/submissions/file/{file.pk}/").status_code in (302, 403, 404)


# Files held across corrections -------------------------------------------------------------


@pytest.mark.django_db
def test_files_that_passed_are_held_while_the_worker_fixes_the_rest(client):
    renamed = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")
    first = submit(
        client, title="Ngắn", files={"images": [jpeg("may-han.jpg"), renamed], "documents": pdf()}
    )
    assert "Chưa gửi được" in first.content.decode()
    html = first.content.decode()
    assert "“virus.jpg”" in html
    kept = first.context["kept_files"]
    assert [item.upload.name for item in kept["images"]] == ["may-han.jpg"]
    assert [item.upload.name for item in kept["documents"]] == ["thuyet-minh.pdf"]
    assert 'name="kept_images"' in html
    # The worker fixes the title and sends again without choosing the files again.
    second = submit(
        client,
        kept_images=[item.token for item in kept["images"]],
        kept_documents=[item.token for item in kept["documents"]],
    )
    assert second.status_code == 302
    submission = Submission.objects.get()
    assert sorted(submission.files.values_list("name", flat=True)) == [
        "may-han.jpg",
        "thuyet-minh.pdf",
    ]
    # Only the submission's own copies remain: the held ones are gone.
    assert len(stored_files()) == 2


@pytest.mark.django_db
def test_a_forged_held_file_token_is_ignored(client):
    from django.core import signing

    forged = signing.dumps(
        {"path": "../../etc/passwd", "kind": "image", "type": "image/jpeg"}, salt="khac"
    )
    assert submit(client, kept_images=[forged, "rác"]).status_code == 302
    assert SubmissionFile.objects.count() == 0


@pytest.mark.django_db
def test_unticking_a_held_file_leaves_it_out(client):
    first = submit(client, title="Ngắn", files={"images": [jpeg("mot.jpg"), jpeg("hai.jpg")]})
    kept = first.context["kept_files"]["images"]
    submit(client, kept_images=[kept[0].token])
    assert list(SubmissionFile.objects.values_list("name", flat=True)) == ["mot.jpg"]


@pytest.mark.django_db
def test_the_sweep_removes_old_held_and_orphaned_files_and_keeps_the_rest(client, capsys):
    import os

    from django.core.management import call_command

    submit(client, files={"images": jpeg("giu.jpg")})
    submit(client, title="Ngắn", files={"images": jpeg("tam.jpg")}, ip="10.6.0.1")
    root = Path(settings.SUBMISSION_FILES_ROOT)
    orphan = root / "2026" / "12" / "mo-coi.jpg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    old = time.time() - 2 * 24 * 60 * 60
    for path in stored_files():
        if path.name != "giu.jpg":
            os.utime(path, (old, old))
    call_command("submission_files")
    assert len(stored_files()) == 3  # only listed
    call_command("submission_files", "--sweep")
    assert [path.name for path in stored_files()] == ["giu.jpg"]
    assert "Đã xóa 2 tệp." in capsys.readouterr().out


@pytest.mark.django_db
def test_only_a_moderator_can_approve_a_submission(client, moderator, django_user_model):
    from django.urls import reverse

    submit(client)
    page = Submission.objects.get().page
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    union = django_user_model.objects.create_user("cong-doan", password="x")
    writer = django_user_model.objects.create_user("bien-tap", password="x", is_staff=True)
    writer.groups.add(Group.objects.get(name="Editors"))
    for user in (None, union, writer):
        client.logout()
        if user is not None:
            client.force_login(user)
        client.post(url, {})
        assert not InitiativePage.objects.get(pk=page.pk).live
        assert Submission.objects.get().status == Submission.Status.RECEIVED
    client.force_login(moderator)
    client.post(url, {})
    assert InitiativePage.objects.get(pk=page.pk).live
    assert Submission.objects.get().status == Submission.Status.APPROVED


# Merging duplicates ---------------------------------------------------------------------


@pytest.fixture
def union_account(django_user_model):
    user = django_user_model.objects.create_user("cd-dong-anh", password="x")
    user.groups.add(Group.objects.get(name="Tài khoản công đoàn"))
    return user


@pytest.mark.django_db
def test_merging_a_published_duplicate_keeps_its_reuses_and_redirects_its_address(
    client, make_initiative, union_account, moderator
):
    from showcase.services import initiative_merge, reuse_record

    target = make_initiative(title="Bộ gá hàn khung xe máy")
    duplicate = make_initiative(title="Gá hàn khung xe (bản trùng)")
    old_url = duplicate.url
    for unit in ("Công ty Cơ khí Đông Anh", "Nhà máy Z179"):
        reuse_record(initiative=duplicate, unit_name=unit, user=union_account)
    reuse_record(initiative=target, unit_name="Công ty Xe máy Sông Công", user=union_account)
    initiative_merge(duplicate=duplicate, target=target, user=moderator)
    target.refresh_from_db()
    assert target.reuse_count == 3
    assert sorted(target.reuses.values_list("unit_name", flat=True)) == [
        "Công ty Cơ khí Đông Anh",
        "Công ty Xe máy Sông Công",
        "Nhà máy Z179",
    ]
    assert not InitiativePage.objects.filter(pk=duplicate.pk).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(target.url)
    assert PageLogEntry.objects.filter(page=target, action="showcase.initiative_merged").exists()


@pytest.mark.django_db
def test_a_moderator_merges_a_submission_into_the_initiative_it_duplicates(
    client, moderator, make_initiative, mailoutbox
):
    target = make_initiative(title="Bộ gá hàn khung xe máy", summary="Gá hàn định vị khung xe.")
    submit(client)
    submission = Submission.objects.get()
    draft_pk = submission.page_id
    client.force_login(moderator)
    form = client.get(f"/admin/submissions/merge/{submission.pk}/")
    assert "Bộ gá hàn khung xe máy" in form.content.decode()
    response = client.post(f"/admin/submissions/merge/{submission.pk}/", {"target": target.pk})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.MERGED
    assert submission.merged_into == target
    assert not InitiativePage.objects.filter(pk=draft_pk).exists()
    assert "đã được gộp" in mailoutbox[-1].subject
    assert target.url in mailoutbox[-1].body or target.full_url in mailoutbox[-1].body
    client.logout()
    lookup = client.post(
        "/dang-ky-sang-kien/tra-cuu/",
        {"reference": submission.reference, "contact": "an.nguyen@example.vn"},
        REMOTE_ADDR="10.7.0.1",
    )
    assert "Bộ gá hàn khung xe máy" in lookup.content.decode()


@pytest.mark.django_db
def test_a_merge_needs_a_published_target(client, moderator, make_initiative):
    submit(client)
    submission = Submission.objects.get()
    client.force_login(moderator)
    response = client.post(f"/admin/submissions/merge/{submission.pk}/", {"target": "abc"})
    assert response.status_code == 400
    assert "Hãy chọn một sáng kiến đang đăng" in response.content.decode()
    assert Submission.objects.get().status == Submission.Status.RECEIVED


@pytest.mark.django_db
def test_cards_and_the_search_sort_show_how_many_units_applied_an_initiative(
    client, make_initiative, union_account
):
    from showcase.services import reuse_record

    page = make_initiative(title="Bộ gá hàn khung xe máy")
    for unit in ("Nhà máy Z179", "Công ty Cơ khí Đông Anh"):
        reuse_record(initiative=page, unit_name=unit, user=union_account)
    assert "2 đơn vị đã áp dụng" in client.get("/sang-kien/").content.decode()
    html = client.get("/tim-kiem/", {"q": "gá hàn", "sort": "reused"}).content.decode()
    assert '<option value="reused" selected>Được áp dụng nhiều nhất</option>' in html
