"""Featured initiatives: the editors' picks on the home page, filled up with the
highest-benefit recognised initiatives, on the home page and at /sang-kien/noi-bat/."""

import re

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.home.models import HomeFeaturedInitiative, HomePage
from portal.home.selectors import home_featured_picks
from showcase.campaign import RecognitionStatus
from showcase.models import InitiativeGalleryImage, InitiativePage
from showcase.selectors import FEATURED_PAGE_SIZE, featured_initiatives
from tests.home.test_admin_and_settings import post_new_initiative

pytestmark = pytest.mark.django_db

FEATURED_URL = "/sang-kien/noi-bat/"


def pick(home: HomePage, *picks: tuple[InitiativePage, str]) -> None:
    home.featured_initiatives = [
        HomeFeaturedInitiative(initiative=initiative, note=note) for initiative, note in picks
    ]
    home.save_revision().publish()


def featured_on_home(home: HomePage, *, limit: int) -> list[InitiativePage]:
    return featured_initiatives(picks=home_featured_picks(home=home), limit=limit)


def make_top_benefit(make_initiative, count: int) -> list[str]:
    """Recognised initiatives with rising benefits; their titles, highest benefit first."""
    for n in range(count):
        make_initiative(title=f"Làm lợi {n}", benefit_vnd=(n + 1) * 1_000_000_000)
    return [f"Làm lợi {n}" for n in reversed(range(count))]


def test_picks_come_first_in_editor_order_with_their_notes_then_the_highest_benefit(
    home, make_initiative
):
    small = make_initiative(title="Cữ gá may túi", benefit_vnd=400_000_000)
    unmeasured = make_initiative(title="Oxy cho bệnh viện dã chiến", benefit_vnd=None)
    top = make_top_benefit(make_initiative, 6)
    pick(home, (unmeasured, "Không đo được bằng tiền."), (small, ""))

    featured = featured_on_home(home, limit=6)

    assert [page.title for page in featured] == [
        "Oxy cho bệnh viện dã chiến",
        "Cữ gá may túi",
        *top[:4],
    ]
    assert [page.picked for page in featured] == [True, True, False, False, False, False]
    assert [page.editor_note for page in featured[:3]] == ["Không đo được bằng tiền.", "", ""]


def test_a_pick_that_is_also_among_the_top_benefit_is_listed_once(home, make_initiative):
    best = make_initiative(title="Làm lợi nhiều nhất", benefit_vnd=500_000_000_000)
    top = make_top_benefit(make_initiative, 3)
    pick(home, (best, "Giới thiệu"), (best, "Chọn trùng"))

    featured = featured_on_home(home, limit=4)

    assert [page.title for page in featured] == ["Làm lợi nhiều nhất", *top]
    assert featured[0].editor_note == "Giới thiệu"


def test_unpublished_and_private_picks_are_skipped_and_the_list_still_fills(home, make_initiative):
    withdrawn = make_initiative(title="Đã gỡ xuống", benefit_vnd=900_000_000_000)
    private = make_initiative(title="Chỉ nội bộ xem", benefit_vnd=800_000_000_000)
    kept = make_initiative(title="Vẫn công khai", benefit_vnd=1_000_000)
    top = make_top_benefit(make_initiative, 3)
    pick(home, (withdrawn, "Gỡ"), (private, "Riêng"), (kept, "Giữ"))
    withdrawn.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )

    featured = featured_on_home(home, limit=4)

    assert [page.title for page in featured] == ["Vẫn công khai", *top]


def test_registered_and_unquantified_initiatives_never_fill_the_list(make_initiative):
    make_initiative(
        title="Mới đăng ký", benefit_vnd=900_000_000_000, status=RecognitionStatus.REGISTERED
    )
    make_initiative(title="Chưa lượng hóa", benefit_vnd=None)
    for status in (RecognitionStatus.RECOGNISED, RecognitionStatus.HONOURED):
        make_initiative(title=f"Công nhận {status}", benefit_vnd=1_000_000, status=status)
    make_initiative(title="Cấp toàn quốc", benefit_vnd=2_000_000, status=RecognitionStatus.NATIONAL)

    featured = featured_initiatives(picks=[], limit=6)

    assert [page.title for page in featured] == [
        "Cấp toàn quốc",
        "Công nhận recognised",
        "Công nhận honoured",
    ]


def test_the_old_featured_flag_only_breaks_ties_between_equal_benefits(make_initiative):
    make_initiative(title="Làm lợi hơn", benefit_vnd=3_000_000_000)
    make_initiative(title="Bằng nhau", benefit_vnd=2_000_000_000)
    make_initiative(title="Bằng nhau, ưu tiên", benefit_vnd=2_000_000_000, featured=True)

    featured = featured_initiatives(picks=[], limit=3)

    assert [page.title for page in featured] == ["Làm lợi hơn", "Bằng nhau, ưu tiên", "Bằng nhau"]


@pytest.mark.parametrize("path", ["/", FEATURED_URL])
def test_cards_show_the_benefit_unit_province_sector_and_note(client, home, make_initiative, path):
    top = make_initiative(
        title="Tối ưu khí nâng cho giếng dầu",
        benefit_vnd=512_000_000_000,
        unit="Tổng công ty Dầu khí Phương Nam",
    )
    unmeasured = make_initiative(title="Oxy cho bệnh viện dã chiến", benefit_vnd=None)
    pick(home, (unmeasured, "Vì người bệnh <b>nặng</b>."))

    response = client.get(path)
    html = response.content.decode()
    cards = re.findall(r'<article class="card card--featured">.*?</article>', html, re.DOTALL)

    assert response.status_code == 200
    assert [top.title in card for card in cards] == [False, True]
    assert "Làm lợi 512 tỷ đồng" in cards[1]
    assert "Làm lợi" not in cards[0]
    assert "Tổng công ty Dầu khí Phương Nam" in cards[1]
    assert "Công ty CP Cơ khí Sông Thao" in cards[0]
    for card in cards:
        assert "<dt>Tỉnh, thành phố</dt><dd>Hà Nội</dd>" in card
        assert f"{top.sector.name}</p>" in card
    assert "Lời biên tập" in cards[0]
    assert "Vì người bệnh &lt;b&gt;nặng&lt;/b&gt;." in cards[0]
    assert "<b>nặng</b>" not in html


def test_home_and_library_link_to_the_featured_page(client, home, make_initiative):
    make_initiative(benefit_vnd=1_000_000_000)
    for path in ("/", "/sang-kien/"):
        html = client.get(path).content.decode()
        assert f'href="{FEATURED_URL}"' in html, path
    assert "Xem tất cả sáng kiến nổi bật" in client.get("/").content.decode()


def test_featured_page_has_its_heading_breadcrumbs_and_the_home_page_picks(
    client, home, make_initiative
):
    picked = make_initiative(title="Cữ gá may túi", benefit_vnd=400_000_000)
    make_initiative(title="Băng tải kín", benefit_vnd=87_000_000_000)
    pick(home, (picked, "Cách làm nhỏ, áp dụng được ngay."))

    response = client.get(FEATURED_URL)
    html = response.content.decode()

    assert response.status_code == 200
    for text in (
        "<title>Sáng kiến nổi bật · Một triệu sáng kiến</title>",
        "<h1>Sáng kiến nổi bật</h1>",
        '<a href="/sang-kien/">Thư viện sáng kiến</a>',
        '<span aria-current="page">Sáng kiến nổi bật</span>',
        "Cách làm nhỏ, áp dụng được ngay.",
    ):
        assert text in html
    assert [page.title for page in response.context["picked_initiatives"]] == ["Cữ gá may túi"]
    assert [page.title for page in response.context["top_initiatives"]] == ["Băng tải kín"]


def test_featured_page_queries_do_not_grow_with_the_number_of_cards(
    client, home, make_initiative, django_assert_max_num_queries
):
    def add(count: int) -> list[InitiativePage]:
        pages = []
        for n in range(count):
            page = make_initiative(benefit_vnd=(n + 1) * 1_000_000)
            page.gallery_images = [InitiativeGalleryImage(image=wagtail_factories.ImageFactory())]
            page.save_revision().publish()
            pages.append(page)
        return pages

    def queries() -> int:
        client.get(FEATURED_URL)  # warm up renditions
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FEATURED_URL).status_code == 200
        return len(captured)

    few = add(3)
    pick(home, (few[0], "Một"), (few[1], "Hai"))
    with_few = queries()
    add(FEATURED_PAGE_SIZE + 5)
    with_many = queries()

    assert len(client.get(FEATURED_URL).context["featured_initiatives"]) == FEATURED_PAGE_SIZE
    assert with_many == with_few
    with django_assert_max_num_queries(20):
        client.get(FEATURED_URL)


def test_an_initiative_cannot_take_the_featured_page_slug(showcase_index):
    page = InitiativePage(title="Sáng kiến", summary="Tóm tắt", phase=1, slug="noi-bat")
    with pytest.raises(ValidationError) as error:
        showcase_index.add_child(instance=page)
    assert "dành cho trang Sáng kiến nổi bật" in str(error.value)


def test_the_admin_refuses_the_featured_page_slug_in_vietnamese(client, editor, showcase_index):
    client.force_login(editor)
    response = post_new_initiative(client, showcase_index, slug="nổi-bật")
    assert response.status_code == 200
    assert "dành cho trang Sáng kiến nổi bật" in response.content.decode()
    assert not InitiativePage.objects.filter(slug="noi-bat").exists()


def test_a_title_that_would_make_the_featured_page_slug_gets_another(client, make_initiative):
    page = make_initiative(title="Nổi bật", benefit_vnd=1_000_000)
    assert page.slug == "noi-bat-2"
    assert client.get(page.url).status_code == 200
    assert client.get(FEATURED_URL).context["featured_initiatives"] == [page]


def test_editors_pick_on_the_home_page_among_initiatives_only(home):
    form_class = HomePage.get_edit_handler().get_form_class()
    pick_form = form_class.formsets["featured_initiatives"].form
    assert {"initiative", "note"} <= set(pick_form.base_fields)
    assert pick_form.base_fields["initiative"].widget.target_models == [InitiativePage]
