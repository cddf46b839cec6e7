""" "Đơn vị tôi đã áp dụng": units recording that they reused an initiative, the editors
confirming them, the count on the page, the "most reused" sort and statistics."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from search.documents import SearchDocument
from search.engines.elastic import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.query import SearchRequest
from search.service import get_search_service
from showcase.models import InitiativePage, InitiativeReuse
from showcase.selectors import UNION_ACCOUNTS_GROUP, is_union_account
from showcase.services import reuse_confirm, reuse_move, reuse_record, reuse_reject

from .factories import province

pytestmark = pytest.mark.django_db

Status = InitiativeReuse.Status
PENDING_TEXT = "Cảm ơn! Biên tập viên sẽ xác nhận trước khi công bố."
PHONE = "0912 345 678"


@pytest.fixture
def union_user(django_user_model):
    user = django_user_model.objects.create_user(username="ldld-ha-noi", password="mat-khau-dai-1")
    user.groups.add(Group.objects.get(name=UNION_ACCOUNTS_GROUP))
    return user


@pytest.fixture
def initiative(make_initiative):
    return make_initiative(title="Bộ gá hàn khung xe")


def reuse_url(page) -> str:
    return f"{page.url}ap-dung/"


def post_reuse(client, page, *, address="10.1.0.1", **fields):
    data = {"unit_name": "Công ty CP Cơ khí Đông Anh", "contact": PHONE, **fields}
    return client.post(reuse_url(page), data, REMOTE_ADDR=address)


def count_of(page) -> int:
    return InitiativePage.objects.values_list("reuse_count", flat=True).get(pk=page.pk)


def reuse_section(html: str) -> str:
    start = html.index('id="ap-dung"')
    return html[start : html.index("</section>", start)]


def add_reuses(page, user, *names):
    for name in names:
        reuse_record(initiative=page, unit_name=name, user=user)


# Recording ----------------------------------------------------------------------------


def test_a_union_account_is_confirmed_and_counted_at_once(client, initiative, union_user):
    client.force_login(union_user)
    response = post_reuse(
        client,
        initiative,
        province="01",
        applied_on="15/03/2024",
        benefit_vnd="450.000.000",
        note="Thêm bộ kẹp cho khung nhỏ.",
        contact="",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{initiative.url}#ap-dung"
    reuse = InitiativeReuse.objects.get()
    assert reuse.status == Status.CONFIRMED
    assert (reuse.submitted_by, reuse.decided_by) == (union_user, union_user)
    assert reuse.benefit_vnd == 450_000_000
    assert reuse.applied_on == date(2024, 3, 15)
    assert reuse.province.code == "01"
    assert count_of(initiative) == 1

    section = reuse_section(client.get(initiative.url).content.decode())
    assert "<strong>1</strong> đơn vị đã áp dụng sáng kiến này" in section
    assert "Cảm ơn! Đã ghi nhận Công ty CP Cơ khí Đông Anh áp dụng sáng kiến này." in section
    assert "Công ty CP Cơ khí Đông Anh" in section and "Hà Nội" in section
    assert "15/03/2024" in section and "450 triệu đồng" in section
    assert "Thêm bộ kẹp cho khung nhỏ." in section
    # The message is shown once.
    assert "Cảm ơn!" not in reuse_section(client.get(initiative.url).content.decode())


def test_an_anonymous_entry_waits_unseen_and_uncounted_until_an_editor_confirms_it(
    client, initiative, editor
):
    response = post_reuse(client, initiative, unit_name="HTX Dịch vụ Nông nghiệp Tân Phú")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert PENDING_TEXT in page
    reuse = InitiativeReuse.objects.get()
    assert (reuse.status, reuse.contact, reuse.submitted_by) == (Status.PENDING, "0912345678", None)
    assert count_of(initiative) == 0
    section = reuse_section(client.get(initiative.url).content.decode())
    assert "Chưa có đơn vị nào ghi nhận đã áp dụng sáng kiến này" in section
    assert "Tân Phú" not in section

    reuse = reuse_confirm(reuse=reuse, user=editor)

    assert reuse.status == Status.CONFIRMED and reuse.decided_by == editor
    assert count_of(initiative) == 1
    section = reuse_section(client.get(initiative.url).content.decode())
    assert "<strong>1</strong> đơn vị đã áp dụng sáng kiến này" in section
    assert "HTX Dịch vụ Nông nghiệp Tân Phú" in section


def test_rejected_entries_never_count(initiative, editor, union_user, client):
    pending = reuse_record(initiative=initiative, unit_name="Nhà máy A", contact=PHONE)
    reuse_reject(reuse=pending, user=editor)
    assert count_of(initiative) == 0
    assert "Nhà máy A" not in client.get(initiative.url).content.decode()

    confirmed = reuse_record(initiative=initiative, unit_name="Nhà máy B", user=union_user)
    assert count_of(initiative) == 1
    assert reuse_reject(reuse=confirmed, user=editor).status == Status.REJECTED
    assert count_of(initiative) == 0
    reuse_reject(reuse=confirmed, user=editor)  # twice: nothing more is taken out
    assert count_of(initiative) == 0
    reuse_confirm(reuse=confirmed, user=editor)  # an editor may change their mind
    reuse_confirm(reuse=confirmed, user=editor)
    assert count_of(initiative) == 1


def test_the_contact_is_never_shown_on_the_site(client, initiative, editor):
    post_reuse(client, initiative, unit_name="Trường THCS Lê Lợi", contact="Co.Giao@Example.vn")
    post_reuse(client, initiative, unit_name="Xí nghiệp Z", contact="+84 912 345 678")
    for reuse in InitiativeReuse.objects.all():
        reuse_confirm(reuse=reuse, user=editor)
    assert sorted(InitiativeReuse.objects.values_list("contact", flat=True)) == [
        "0912345678",
        "co.giao@example.vn",
    ]
    pages = [
        client.get(initiative.url),
        client.get("/sang-kien/", {"sort": "reused"}),
        client.get("/thong-ke/"),
        client.get("/thong-ke/ap-dung-nhieu-nhat.csv"),
        client.get("/api/v1/search/", {"sort": "reused"}),
    ]
    assert "Trường THCS Lê Lợi" in pages[0].content.decode()
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode().lower()
        for secret in ("co.giao", "912345678", "912 345 678"):
            assert secret not in text


def test_names_and_notes_from_visitors_are_escaped(client, initiative, editor):
    post_reuse(client, initiative, unit_name="<script>alert(1)</script>", note='<b>"đậm"</b>')
    reuse_confirm(reuse=InitiativeReuse.objects.get(), user=editor)
    section = reuse_section(client.get(initiative.url).content.decode())
    assert "<script>" not in section and "<b>" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "&lt;b&gt;&quot;đậm&quot;&lt;/b&gt;" in section


def test_a_logged_in_account_that_is_not_a_unions_waits_without_a_contact(
    client, initiative, django_user_model
):
    reader = django_user_model.objects.create_user(username="ban-doc", password="mat-khau-dai-1")
    client.force_login(reader)
    assert 'name="contact"' not in client.get(initiative.url).content.decode()
    response = post_reuse(client, initiative, contact="")
    assert response.status_code == 302
    reuse = InitiativeReuse.objects.get()
    assert (reuse.status, reuse.submitted_by, reuse.contact) == (Status.PENDING, reader, "")
    assert count_of(initiative) == 0


def test_union_accounts_are_staff_members_of_the_group_or_holders_of_the_permission(
    django_user_model, union_user
):
    from django.contrib.auth.models import AnonymousUser

    def user(name, **extra):
        return django_user_model.objects.create_user(username=name, password="x" * 12, **extra)

    holder = user("co-quyen")
    holder.user_permissions.add(Permission.objects.get(codename="add_initiativereuse"))
    assert is_union_account(union_user)
    assert is_union_account(user("nhan-vien", is_staff=True))
    assert is_union_account(django_user_model.objects.get(pk=holder.pk))
    assert not is_union_account(user("ban-doc"))
    assert not is_union_account(user("da-khoa", is_staff=True, is_active=False))
    assert not is_union_account(AnonymousUser())
    assert not is_union_account(None)


def test_a_unit_is_counted_once_per_initiative(client, initiative, union_user):
    client.force_login(union_user)
    assert post_reuse(client, initiative, unit_name="Công ty Điện lực Hà Nội").status_code == 302
    response = post_reuse(client, initiative, unit_name="cong ty dien luc  HA NOI")
    assert response.status_code == 400
    assert "Đơn vị này đã được ghi nhận áp dụng sáng kiến này." in response.content.decode()
    assert count_of(initiative) == 1


# The form's answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit_name": ""}, "Nhập tên đơn vị đã áp dụng sáng kiến."),
        ({"unit_name": "x" * 256}, "Tên đơn vị dài tối đa 255 ký tự (hiện có 256)."),
        ({"province": "99"}, "Hãy chọn một mục trong danh sách."),
        ({"applied_on": "2099-01-01"}, "Ngày áp dụng không thể ở tương lai."),
        ({"applied_on": "31/08/2021"}, "trước ngày phát động phong trào (01/09/2021)"),
        ({"applied_on": "hôm qua"}, "Nhập ngày theo dạng ngày/tháng/năm"),
        ({"benefit_vnd": "-5"}, "Số tiền không được âm."),
        ({"benefit_vnd": "nhiều lắm"}, "Nhập số tiền bằng chữ số, ví dụ 450.000.000."),
        ({"benefit_vnd": "1.23"}, "Nhập số tiền bằng chữ số"),
        ({"note": "a" * 1001}, "Ghi chú dài tối đa 1000 ký tự (hiện có 1001)."),
        ({"contact": ""}, "Nhập thư điện tử hoặc số điện thoại để biên tập viên liên hệ"),
        ({"contact": "12345"}, "Nhập thư điện tử hoặc số điện thoại Việt Nam"),
        ({"contact": "a@b"}, "Địa chỉ thư điện tử không hợp lệ."),
    ],
)
def test_wrong_answers_are_explained_in_vietnamese_and_kept(client, initiative, fields, message):
    typed = {"unit_name": "Xí nghiệp <Sông Đà> số 9", "note": "Đã thử ở ca đêm", **fields}
    response = post_reuse(client, initiative, **typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Chưa ghi nhận được: có 1 mục cần sửa" in html
    assert 'aria-invalid="true"' in html
    if typed["unit_name"].startswith("Xí"):
        assert 'value="Xí nghiệp &lt;Sông Đà&gt; số 9"' in html
    if not typed["note"].startswith("aaa"):
        assert "Đã thử ở ca đêm</textarea>" in html
    assert not InitiativeReuse.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("450.000.000", 450_000_000), ("1 200 000 000 đồng", 1_200_000_000), ("0", 0), ("", None)],
)
def test_benefit_is_read_as_people_write_it(client, initiative, typed, expected):
    assert post_reuse(client, initiative, benefit_vnd=typed).status_code == 302
    assert InitiativeReuse.objects.get().benefit_vnd == expected


def test_a_filled_honeypot_is_refused(client, initiative):
    response = post_reuse(client, initiative, trang_web="http://spam.example")
    assert response.status_code == 400
    assert "Không gửi được biểu mẫu" in response.content.decode()
    assert not InitiativeReuse.objects.exists()


def test_anonymous_posts_are_rate_limited_per_address(client, initiative, union_user):
    for number in range(10):
        response = post_reuse(client, initiative, unit_name=f"Đơn vị {number}", address="10.9.0.1")
        assert response.status_code == 302
    response = post_reuse(client, initiative, unit_name="Đơn vị thứ mười một", address="10.9.0.1")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều lần trong một giờ" in html
    assert 'value="Đơn vị thứ mười một"' in html  # given back, not lost
    assert InitiativeReuse.objects.count() == 10
    # Another address, and a union account at the same one, are not held back.
    assert post_reuse(client, initiative, unit_name="Khác", address="10.9.0.2").status_code == 302
    client.force_login(union_user)
    assert post_reuse(client, initiative, unit_name="LĐLĐ", address="10.9.0.1").status_code == 302


def test_posting_needs_the_csrf_token(initiative):
    browser = Client(enforce_csrf_checks=True)
    data = {"unit_name": "Công ty A", "contact": PHONE}
    assert browser.post(reuse_url(initiative), data).status_code == 403
    html = browser.get(initiative.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(reuse_url(initiative), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert InitiativeReuse.objects.count() == 1


def test_the_route_only_takes_posts(client, initiative):
    response = client.get(reuse_url(initiative))
    assert response.status_code == 302
    assert response["Location"] == f"{initiative.url}#ap-dung"
    assert not InitiativeReuse.objects.exists()


def test_a_page_without_reuses_asks_for_the_first(client, initiative):
    html = client.get(initiative.url).content.decode()
    section = reuse_section(html)
    assert "Đơn vị tôi đã áp dụng" in section
    assert "Chưa có đơn vị nào ghi nhận đã áp dụng sáng kiến này" in section
    assert f'action="{reuse_url(initiative)}"' in section
    assert 'name="contact"' in section and 'name="trang_web"' in section


# The count, the audit trail and revisions -----------------------------------------------


def test_every_change_is_in_the_audit_trail(initiative, make_initiative, union_user, editor):
    pending = reuse_record(initiative=initiative, unit_name="Nhà máy A", contact=PHONE)
    reuse_confirm(reuse=pending, user=editor)
    reuse_reject(reuse=pending, user=editor)
    entries = ModelLogEntry.objects.filter(object_id=str(pending.pk)).order_by("pk")
    assert [(entry.action, entry.user_id) for entry in entries] == [
        ("showcase.reuse_recorded", None),
        ("showcase.reuse_confirmed", editor.pk),
        ("showcase.reuse_rejected", editor.pk),
    ]
    assert PHONE.replace(" ", "") not in str([entry.data for entry in entries])
    target = make_initiative()
    reuse_move(source=initiative, target=target)
    moved = PageLogEntry.objects.get(page=target, action="showcase.reuses_moved")
    assert moved.data["source"] == initiative.pk and moved.data["reuses"] == [pending.pk]


def test_publishing_a_draft_saved_before_a_confirmation_keeps_the_count(initiative, union_user):
    initiative.title = "Bộ gá hàn khung xe (bản sửa)"
    revision = initiative.save_revision()
    reuse_record(initiative=initiative, unit_name="Nhà máy A", user=union_user)
    Revision.objects.get(pk=revision.pk).publish()
    page = InitiativePage.objects.get(pk=initiative.pk)
    assert page.title == "Bộ gá hàn khung xe (bản sửa)"
    assert page.reuse_count == 1


def test_moving_reuses_keeps_every_record_and_both_counts_right(
    make_initiative, union_user, editor
):
    duplicate, original = make_initiative(title="Bản trùng"), make_initiative(title="Bản gốc")
    add_reuses(duplicate, union_user, "A", "B")
    pending = reuse_record(initiative=duplicate, unit_name="C", contact=PHONE)
    rejected = reuse_record(initiative=duplicate, unit_name="D", contact=PHONE)
    reuse_reject(reuse=rejected, user=editor)
    add_reuses(original, union_user, "E")

    assert reuse_move(source=duplicate, target=original) == 4

    assert (count_of(duplicate), count_of(original)) == (0, 3)
    assert not InitiativeReuse.objects.filter(initiative=duplicate).exists()
    statuses = dict(
        InitiativeReuse.objects.filter(initiative=original).values_list("unit_name", "status")
    )
    assert statuses == {
        "A": Status.CONFIRMED,
        "B": Status.CONFIRMED,
        "C": Status.PENDING,
        "D": Status.REJECTED,
        "E": Status.CONFIRMED,
    }
    # A pending reuse moved is confirmed into its new initiative's count.
    reuse_confirm(reuse=pending, user=editor)
    assert (count_of(duplicate), count_of(original)) == (0, 4)
    # The index has the new counts: the original is now the most reused.
    hits = get_search_service().search(SearchRequest(sort="reused", types=("initiative",))).hits
    assert [(hit.title, hit.reuse_count) for hit in hits] == [("Bản gốc", 4), ("Bản trùng", 0)]
    assert reuse_move(source=duplicate, target=original) == 0
    with pytest.raises(ValueError, match="chính sáng kiến đó"):
        reuse_move(source=original, target=original)


# The "most reused" sort ---------------------------------------------------------------


def test_the_showcase_lists_the_most_reused_first_then_the_newest(
    client, make_initiative, union_user
):
    older = make_initiative(title="Cũ, hai đơn vị", recognised_on=date(2021, 10, 1))
    newer = make_initiative(title="Mới, hai đơn vị", recognised_on=date(2023, 5, 1))
    most = make_initiative(title="Ba đơn vị", recognised_on=date(2022, 1, 1))
    make_initiative(title="Chưa ai áp dụng", recognised_on=date(2023, 9, 1))
    add_reuses(older, union_user, "A", "B")
    add_reuses(newer, union_user, "C", "D")
    add_reuses(most, union_user, "E", "F", "G")

    response = client.get("/sang-kien/", {"sort": "reused"})

    assert response.status_code == 200
    titles = [page.title for page in response.context["initiatives"]]
    assert titles == ["Ba đơn vị", "Mới, hai đơn vị", "Cũ, hai đơn vị", "Chưa ai áp dụng"]
    assert '<option value="reused" selected>Được áp dụng nhiều nhất</option>' in (
        response.content.decode()
    )
    # With keywords too, and through the API.
    with_words = client.get("/sang-kien/", {"sort": "reused", "q": "hai"})
    assert [page.title for page in with_words.context["initiatives"]][:2] == [
        "Mới, hai đơn vị",
        "Cũ, hai đơn vị",
    ]
    api = client.get("/api/v1/search/", {"sort": "reused", "type": "initiative"}).json()
    assert [result["title"] for result in api["results"]] == titles


def _documents():
    day = datetime(2022, 6, 1, 12, tzinfo=timezone.get_current_timezone())
    counts = {1: 0, 2: 5, 3: 2, 4: 2, 5: 7, 6: 2}
    return [
        SearchDocument(
            type="initiative",
            id=pk,
            title=f"Máy cải tiến số {pk}",
            url=f"/sang-kien/{pk}/",
            summary="Cải tiến máy giúp tiết kiệm điện.",
            published_at=day + timedelta(days=pk),
            reuse_count=count,
        )
        for pk, count in counts.items()
    ]


@pytest.fixture(params=["embedded", "elasticsearch"])
def bare_engine(request, tmp_path):
    """Each engine, empty, outside the search service."""
    if request.param == "embedded":
        yield EmbeddedEngine(tmp_path / "reuse-sort")
        return
    with request.getfixturevalue("osmem_server").clone() as clone:
        yield ElasticsearchEngine(clone.url, index="reuse-sort")


def test_both_engines_sort_by_reuses_then_newest(bare_engine):
    engine = bare_engine
    engine.rebuild(_documents())

    def order(**kwargs):
        response = engine.search(SearchRequest(sort="reused", with_facets=False, **kwargs))
        return [(hit.id, hit.reuse_count) for hit in response.hits]

    expected = [(5, 7), (2, 5), (6, 2), (4, 2), (3, 2), (1, 0)]
    assert order() == expected
    assert order(q="tiết kiệm điện") == expected
    assert order(page=2, page_size=2) == expected[2:4]


def test_the_database_answers_the_sort_while_the_engine_is_down(
    client, make_initiative, union_user, settings
):
    one = make_initiative(title="Một đơn vị", recognised_on=date(2023, 1, 1))
    two = make_initiative(title="Hai đơn vị", recognised_on=date(2021, 12, 1))
    make_initiative(title="Không đơn vị nào", recognised_on=date(2023, 6, 1))
    add_reuses(one, union_user, "A")
    add_reuses(two, union_user, "B", "C")
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_search_service.cache_clear()

    response = client.get("/sang-kien/", {"sort": "reused"})

    assert response.context["search_degraded"]
    titles = [page.title for page in response.context["initiatives"]]
    assert titles == ["Hai đơn vị", "Một đơn vị", "Không đơn vị nào"]
    get_search_service.cache_clear()


# Statistics ---------------------------------------------------------------------------


def _csv(client, slug):
    response = client.get(f"/thong-ke/{slug}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def test_the_statistics_list_the_ten_most_reused_and_the_csv_agrees(
    client, make_initiative, union_user
):
    from .test_statistics import chart, html_tables

    pages = [make_initiative(title=f"Sáng kiến {n:02d}") for n in range(12)]
    add_reuses(pages[0], union_user, "A", "B", "C")
    add_reuses(pages[1], union_user, "A", "B")
    for page in pages[2:]:
        add_reuses(page, union_user, "A")
    hidden = make_initiative(title="Đã gỡ", province=province("79"))
    add_reuses(hidden, union_user, "A", "B", "C", "D")
    hidden.unpublish()

    html = client.get("/thong-ke/").content.decode()

    table = html_tables(html)["ap-dung-nhieu-nhat"]
    assert table[0] == ["Sáng kiến", "Tỉnh, thành phố / công đoàn ngành", "Số đơn vị đã áp dụng"]
    assert len(table) == 11
    assert table[1] == ["Sáng kiến 00", "Hà Nội", "3"]
    assert table[2] == ["Sáng kiến 01", "Hà Nội", "2"]
    assert "Đã gỡ" not in html
    assert "Tổng cộng 15 lượt đơn vị áp dụng đã xác nhận, ở 12 sáng kiến." in html
    bars = chart(html, "ap-dung-nhieu-nhat-so-don-vi")
    assert "Cao nhất: Sáng kiến 00 (3)" in bars.find("desc").text
    rows = _csv(client, "ap-dung-nhieu-nhat")
    assert rows[0] == table[0]
    assert [[title, place, int(count)] for title, place, count in rows[1:]] == [
        [title, place, int(count)] for title, place, count in table[1:]
    ]


def test_the_statistics_say_when_nothing_was_reused_yet(client, make_initiative):
    make_initiative()
    html = client.get("/thong-ke/").content.decode()
    start = html.index('id="ap-dung-nhieu-nhat"')
    assert "Chưa có số liệu." in html[start : html.index("</section>", start)]
    assert _csv(client, "ap-dung-nhieu-nhat") == [
        ["Sáng kiến", "Tỉnh, thành phố / công đoàn ngành", "Số đơn vị đã áp dụng"]
    ]


def test_the_statistics_page_costs_as_many_queries_with_more_reuses(
    client, make_initiative, union_user, django_assert_max_num_queries
):
    add_reuses(make_initiative(), union_user, "A")
    with CaptureQueriesContext(connection) as few:
        client.get("/thong-ke/")
    for number in range(4):
        add_reuses(make_initiative(province=province("38")), union_user, "A", f"B{number}")
    with django_assert_max_num_queries(len(few)):
        client.get("/thong-ke/")


# The editors' screens ---------------------------------------------------------------


def _admin_url(name, reuse=None):
    return reverse(f"initiative_reuses:{name}", args=[reuse.pk] if reuse else [])


def test_an_editor_confirms_and_rejects_in_the_admin(client, initiative, editor):
    reuse = reuse_record(
        initiative=initiative, unit_name="Xí nghiệp Sông Đà", contact="0987654321", note="Ổn."
    )
    client.force_login(editor)
    listing = client.get(_admin_url("index"), {"status": "pending"})
    assert listing.status_code == 200
    assert "Xí nghiệp Sông Đà" in listing.content.decode()
    inspect = client.get(_admin_url("inspect", reuse)).content.decode()
    assert "0987654321" in inspect  # the editors see the contact, to check the entry
    assert _admin_url("confirm", reuse) in inspect and _admin_url("reject", reuse) in inspect

    response = client.post(_admin_url("confirm", reuse))
    assert response.status_code == 302
    assert response["Location"] == _admin_url("inspect", reuse)
    assert count_of(initiative) == 1
    inspect = client.get(_admin_url("inspect", reuse)).content.decode()
    assert _admin_url("confirm", reuse) not in inspect

    back = _admin_url("index")
    response = client.post(_admin_url("reject", reuse), {"next": back})
    assert response["Location"] == back
    assert count_of(initiative) == 0
    assert InitiativeReuse.objects.get().status == Status.REJECTED
    assert client.get(_admin_url("confirm", reuse)).status_code == 405  # posts only


def test_moderators_may_decide_and_the_admin_neither_adds_nor_deletes(
    client, initiative, django_user_model
):
    moderator = django_user_model.objects.create_user(username="kiem-duyet", password="x" * 12)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    reuse = reuse_record(initiative=initiative, unit_name="Nhà máy A", contact=PHONE)
    client.force_login(moderator)
    assert client.post(_admin_url("confirm", reuse)).status_code == 302
    assert count_of(initiative) == 1
    assert client.get(_admin_url("add")).status_code in (302, 403)
    assert client.get(reverse("initiative_reuses:delete", args=[reuse.pk])).status_code in (
        302,
        403,
    )
    assert InitiativeReuse.objects.count() == 1


def test_confirming_is_refused_without_the_change_permission(client, initiative, django_user_model):
    reuse = reuse_record(initiative=initiative, unit_name="Nhà máy A", contact=PHONE)
    viewer = django_user_model.objects.create_user(username="chi-xem", password="x" * 12)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_initiativereuse"),
    )
    client.force_login(viewer)
    assert client.get(_admin_url("inspect", reuse)).status_code == 200
    assert (
        _admin_url("confirm", reuse)
        not in client.get(_admin_url("inspect", reuse)).content.decode()
    )
    # Wagtail's admin answers a refusal with its dashboard and a message.
    for name in ("confirm", "reject"):
        response = client.post(_admin_url(name, reuse))
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    client.logout()
    response = client.post(_admin_url("confirm", reuse))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reuse.refresh_from_db()
    assert reuse.status == Status.PENDING and count_of(initiative) == 0
