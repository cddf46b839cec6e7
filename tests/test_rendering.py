import pytest
import wagtail_factories

from showcase.models import InitiativeGalleryImage

pytestmark = pytest.mark.django_db


def test_home_shows_counters_featured_initiatives_and_latest_news(
    client, home, make_initiative, make_article
):
    make_initiative(title="Băng tải tự động cho kho than", benefit_vnd=512_000_000_000)
    make_initiative(title="Sổ tay an toàn điện tử", benefit_vnd=None)
    make_article(title="Công nhân Quảng Ninh được tôn vinh")
    home.campaign_initiatives = 697_000
    home.save_revision().publish()

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "697.000" in html
    assert "512 tỷ đồng" in html
    assert "Băng tải tự động cho kho than" in html
    assert "Công nhân Quảng Ninh được tôn vinh" in html
    assert 'href="#main"' in html
    assert 'role="search"' in html


def test_home_fills_featured_with_highest_benefit_after_editor_picks(client, home, make_initiative):
    from portal.home.models import HomeFeaturedInitiative

    picked = make_initiative(title="Chọn bởi biên tập viên", benefit_vnd=1_000_000)
    for n in range(7):
        make_initiative(title=f"Làm lợi {n}", benefit_vnd=(n + 1) * 1_000_000_000)
    home.featured_initiatives = [HomeFeaturedInitiative(initiative=picked)]
    home.save_revision().publish()

    featured = client.get("/").context["featured_initiatives"]
    assert [page.title for page in featured] == [
        "Chọn bởi biên tập viên",
        "Làm lợi 6",
        "Làm lợi 5",
        "Làm lợi 4",
        "Làm lợi 3",
        "Làm lợi 2",
    ]


def test_counters_fall_back_to_the_library_when_editors_leave_them_blank(client, make_initiative):
    make_initiative(benefit_vnd=1_000_000_000)
    make_initiative(benefit_vnd=200_000_000)
    counters = client.get("/").context["counters"]
    assert counters["initiatives"] == 2
    assert counters["units"] == 1
    assert counters["benefit_vnd"] == 1_200_000_000


def test_initiative_page_shows_sections_facts_and_related(client, make_initiative):
    page = make_initiative(
        title="Cải tiến máy nén khí",
        tags=["tiết kiệm điện"],
        benefit_vnd=1_200_000_000,
    )
    related = make_initiative(title="Thu hồi nhiệt khí thải")
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Vấn đề", "Giải pháp", "Kết quả", "1,2 tỷ đồng", "Hà Nội", "tiết kiệm điện"):
        assert text in html
    assert "Thu hồi nhiệt khí thải" in html
    assert related in response.context["related_initiatives"]
    assert 'property="og:type" content="article"' in html
    assert 'aria-label="Đường dẫn"' in html


def test_article_page_renders_every_block(client, make_article):
    page = make_article(
        title="Tổng kết phong trào",
        body=[
            ("paragraph", "<p>Đoạn mở đầu.</p>"),
            ("heading", "Những con số"),
            ("quote", {"text": "Sáng kiến là của mọi người.", "attribution": "Chị Lan"}),
            (
                "table",
                {
                    "caption": "Kết quả",
                    "table": {
                        "data": [["Giai đoạn", "Số sáng kiến"], ["1", "250.000"]],
                        "first_row_is_table_header": True,
                    },
                },
            ),
        ],
        tags=["khen thưởng"],
    )
    html = client.get(page.url).content.decode()
    for text in ("Đoạn mở đầu.", "Những con số", "Sáng kiến là của mọi người.", "250.000"):
        assert text in html
    assert "<table" in html


def test_text_from_the_database_is_escaped(client, make_initiative):
    page = make_initiative(title="<script>alert(1)</script> Sáng kiến", summary="<b>đậm</b>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>đậm</b>" not in html


@pytest.mark.parametrize("path", ["/", "/sang-kien/", "/tin-tuc/"])
def test_index_pages_render(client, path):
    assert client.get(path).status_code == 200


def test_unknown_page_gets_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.content.decode()


def test_server_errors_get_a_vietnamese_500_page(client, monkeypatch):
    from portal.home.models import HomePage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "hệ thống đang gặp sự cố" in response.content.decode()


def test_while_the_database_cannot_be_reached_readers_are_asked_to_come_back(client, monkeypatch):
    from django.db import OperationalError

    from portal.home.models import HomePage
    from search.service import SearchService

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(HomePage, "get_context", unreachable)
    monkeypatch.setattr(SearchService, "search", unreachable)
    client.raise_request_exception = False

    page = client.get("/")
    assert page.status_code == 503
    assert int(page["Retry-After"]) > 0
    assert "tải lại trang sau" in page.content.decode()
    api = client.get("/api/v1/search/?q=dien")
    assert api.status_code == 503
    assert int(api["Retry-After"]) > 0
    assert "thử lại sau" in api.json()["error"]


def test_listing_queries_do_not_grow_with_the_number_of_cards(
    client, make_initiative, django_assert_max_num_queries
):
    for n in range(12):
        page = make_initiative(title=f"Sáng kiến {n}")
        page.gallery_images = [InitiativeGalleryImage(image=wagtail_factories.ImageFactory())]
        page.save_revision().publish()
    client.get("/sang-kien/")  # warm up renditions
    with django_assert_max_num_queries(20):
        client.get("/sang-kien/")
    with django_assert_max_num_queries(25):
        client.get("/")


def test_robots_points_to_the_sitemap_index(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "/sitemap.xml" in robots
