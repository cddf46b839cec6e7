"""How a query is read, on both engines: every Unicode form alike, partial matches kept,
places and sectors understood, editors' synonyms applied without a rebuild."""

import unicodedata
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import text
from search.lexicon import invalidate
from search.models import Synonym
from search.query import SearchRequest
from showcase.models import Sector

from .corpus import INITIATIVES, documents

PROVINCE_OF = {pk: province for pk, _, _, province, *_ in INITIATIVES}
SECTOR_OF = {pk: sector for pk, _, _, _, sector, *_ in INITIATIVES}
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
QUERIES = [
    "tiết kiệm điện",
    "Thân nhiệt",
    "hoá đơn điện tử",
    "Công đoàn Hải Phòng",
    "an toàn lao động Đà Nẵng",
    "ĐÈN LED CẢM BIẾN",
    "xử lý nước thải thủy sản",
    "bữa ăn ca đủ chất cho công nhân",
]


def hits(service, q, **filters):
    response = service.search(SearchRequest(q=q, page_size=10, with_facets=False, **filters))
    return [hit.id for hit in response.hits]


def mixed_form(query: str, pattern: list[bool]) -> str:
    """Each character decomposed or not, as a keyboard that mixes the two would send it."""
    return "".join(
        unicodedata.normalize("NFD" if pattern[i % len(pattern)] else "NFC", char)
        for i, char in enumerate(query)
    )


@given(
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -", max_size=40),
    st.lists(st.booleans(), min_size=1, max_size=7),
)
def test_every_unicode_form_and_case_gives_the_same_words(typed, pattern):
    composed = unicodedata.normalize("NFC", typed)
    forms = [
        unicodedata.normalize("NFD", typed),
        composed.upper(),
        unicodedata.normalize("NFD", composed.upper()),
        mixed_form(composed, pattern),
    ]
    expected = text.words(composed)
    for form in forms:
        assert text.words(form) == expected
        assert [text.fold_word(w) for w in text.words(form)] == [
            text.fold_word(w) for w in expected
        ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(QUERIES), st.lists(st.booleans(), min_size=1, max_size=5))
def test_decomposed_and_upper_case_queries_return_the_same_top_ten(service, query, pattern):
    expected = hits(service, query)
    assert expected
    for form in (
        unicodedata.normalize("NFD", query),
        query.upper(),
        unicodedata.normalize("NFD", query.upper()),
        mixed_form(query, pattern),
    ):
        assert hits(service, form) == expected, form


def test_a_decomposed_query_is_highlighted_and_suggested_like_a_composed_one(service):
    typed = unicodedata.normalize("NFD", "tiết kiệm điện")
    response = service.search(SearchRequest(q=typed, page_size=3))
    assert "<mark>tiết</mark> <mark>kiệm</mark> <mark>điện</mark>" in response.hits[0].snippet_html
    suggested = service.suggest(unicodedata.normalize("NFD", "Đèn LED cảm"))
    assert [s["title"] for s in suggested] == [
        "Đèn LED cảm biến chuyển động tiết kiệm điện chiếu sáng nhà kho"
    ]


def test_decomposed_documents_are_found_and_shown_composed(service, engine_settings):
    from search.service import build_engine

    engine = build_engine(engine_settings["SEARCH_BACKEND"])
    source = next(d for d in documents() if d.id == 22)
    decomposed = type(source)(
        **{
            **source.__dict__,
            "id": 922,
            "title": unicodedata.normalize("NFD", "Máy bóc vỏ tôm chạy bằng khí nén"),
        }
    )
    engine.apply(upserts=[decomposed])
    try:
        response = service.search(SearchRequest(q="bóc vỏ tôm", page_size=3))
        assert response.hits[0].id == 922
        assert response.hits[0].title == "Máy bóc vỏ tôm chạy bằng khí nén"
    finally:
        engine.apply(deletes=[decomposed.key])


def test_a_document_with_most_of_the_words_follows_those_with_all_of_them(service):
    ranking = hits(service, "tiết kiệm điện cho trường học")
    # 14 has every word; 1 and 2 save electricity elsewhere: two of the three words.
    assert ranking[0] == 14
    assert {1, 2} <= set(ranking[1:5])


def test_results_say_which_have_only_some_of_the_words(service, client):
    response = service.search(SearchRequest(q="tiết kiệm điện cho trường học", page_size=10))
    flags = {hit.id: hit.partial for hit in response.hits}
    assert flags[14] is False and flags[1] is True and flags[2] is True
    assert [hit.partial for hit in response.hits] == sorted(flags.values())  # full first

    page = client.get("/tim-kiem/", {"q": "tiết kiệm điện cho trường học"}).content.decode()
    heading = page.index("Chỉ có một phần từ khóa")
    assert page.index("Hệ thống điện mặt trời áp mái cho trường học") < heading  # 14: every word
    data = client.get(
        "/api/v1/search/", {"q": "tiết kiệm điện cho trường học", "sort": "newest"}
    ).json()
    assert {result["partial"] for result in data["results"]} == {None}


def test_three_words_need_only_two_and_fewer_follow_only_when_few_documents_match(service):
    ranking = hits(service, "robot hàn tôm")
    assert ranking[0] == 13  # robot hàn: two of three
    # Only 13 has two of the words: rather than one result, those with one follow it.
    assert 22 in ranking[1:]


def test_a_two_syllable_word_is_not_widened_to_either_syllable(service, engine_settings):
    quality = {"id": 934, "title": "Cải thiện chất lượng bữa ăn ca bằng bếp chung"}
    with added(engine_settings, quality):
        ranking = hits(service, "năng lượng")
        assert 0 < len(ranking) < 10
        assert 934 not in ranking  # "chất lượng" is not "năng lượng"
        assert 934 in hits(service, "năng lượng bữa ăn")  # "bữa ăn" alone, after the rest


def test_documents_with_one_word_of_several_are_left_out_when_enough_have_most(demo_service):
    from search.documents import prepare

    from .judged import demo_documents

    response = demo_service.search(
        SearchRequest(q="tiết kiệm điện tôm", types=("initiative",), page_size=100)
    )
    assert response.count >= 10
    shrimp_only = {
        document.external_id
        for document in demo_documents()
        if "tom" in prepare(document).text_fold.split()
        and not {"tiet", "kiem", "dien"} & set(prepare(document).text_fold.split())
    }
    assert shrimp_only
    assert not shrimp_only & {hit.external_id for hit in response.hits}


def test_common_words_are_never_required(service):
    assert (
        hits(service, "sáng kiến tiết kiệm điện của công đoàn")[:4]
        == hits(service, "tiết kiệm điện")[:4]
    )
    assert set(hits(service, "làm sao tiết kiệm nước rửa khuôn")[:1]) == {17}


def test_a_named_province_lifts_its_initiatives_without_filtering_the_others(service):
    ranking = hits(service, "an toàn lao động Đà Nẵng")
    assert PROVINCE_OF[ranking[0]] == "48"
    assert {20, 18} <= set(ranking)  # safety ideas from other provinces stay, lower


@pytest.mark.parametrize(
    "typed",
    ["công đoàn Hải Phòng", "cong doan hai phong", "LĐLĐ TP. Hải Phòng", "sáng kiến ở Hải Phòng"],
)
def test_a_province_named_alone_finds_its_initiatives_however_it_is_written(service, typed):
    ranking = hits(service, typed)
    assert set(ranking) == {1, 6, 13, 24}


def test_a_province_mention_is_offered_as_a_filter(client, service):
    data = client.get("/api/v1/search/", {"q": "tiết kiệm điện Đồng Nai"}).json()
    assert data["suggested_filters"] == [
        {
            "facet": "province",
            "value": "75",
            "label": "Đồng Nai",
            "text": "Chỉ xem sáng kiến ở Đồng Nai",
        }
    ]
    assert data["results"][0]["province"]["code"] == "75"
    filtered = client.get("/api/v1/search/", {"q": "tiết kiệm điện Đồng Nai", "province": "75"})
    assert filtered.json()["suggested_filters"] == []


def test_the_search_page_shows_the_suggested_filter_as_a_link(client, service):
    page = client.get("/tim-kiem/", {"q": "cong doan hai phong"}).content.decode()
    assert "Chỉ xem sáng kiến ở Hải Phòng" in page
    assert "?q=cong+doan+hai+phong&amp;province=31" in page


def test_words_that_only_look_like_a_place_name_do_not_name_it(service, client):
    data = client.get("/api/v1/search/", {"q": "diễn biến giá điện"}).json()
    assert data["suggested_filters"] == []


def test_a_central_sector_union_is_recognised_by_its_name(client, service):
    data = client.get("/api/v1/search/", {"q": "công đoàn Điện lực"}).json()
    assert data["suggested_filters"][0]["text"] == (
        "Chỉ xem sáng kiến của Công đoàn Điện lực Việt Nam"
    )


def test_sector_keywords_lift_the_sector_and_editors_can_change_them(client, service):
    ranking = hits(service, "bệnh nhân cách ly")
    assert SECTOR_OF[ranking[0]] == "phong-chong-dich"
    data = client.get("/api/v1/search/", {"q": "máy tách vỏ cho nuôi tôm"}).json()
    assert {"facet": "sector", "value": "nong-nghiep"} in [
        {"facet": f["facet"], "value": f["value"]} for f in data["suggested_filters"]
    ]
    sector = Sector.objects.get(slug="cong-nghe-thong-tin")
    sector.keywords = "hóa đơn; máy bán hàng"
    sector.save()
    data = client.get("/api/v1/search/", {"q": "tra cuu hoa don"}).json()
    assert [f["value"] for f in data["suggested_filters"]] == ["cong-nghe-thong-tin"]


def test_an_editors_synonym_takes_effect_at_once_without_a_rebuild(service):
    assert hits(service, "biogas") == []
    synonym = Synonym.objects.create(terms="biogas; bể sinh học")
    assert hits(service, "biogas") == [16]
    synonym.delete()
    assert hits(service, "biogas") == []


def test_default_synonyms_find_the_other_wording_ranked_below_the_typed_one(service):
    ranking = hits(service, "SARS-CoV-2")
    assert set(ranking[:2]) == {5, 12}  # the COVID-19 documents
    ranking = hits(service, "dịch bệnh")
    assert {5, 12} <= set(ranking)


def test_a_synonym_set_must_have_two_terms_in_vietnamese(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        Synonym(terms="chỉ một từ").full_clean()
    assert "Cần ít nhất hai cách gọi" in str(error.value)


@contextmanager
def added(engine_settings, *changes: dict):
    """The contract corpus with more initiatives, each a copy of initiative 22 with `changes`."""
    from search.service import build_engine

    engine = build_engine(engine_settings["SEARCH_BACKEND"])
    source = next(d for d in documents() if d.id == 22)
    extra = [replace(source, body="", extra="", tags=(), **change) for change in changes]
    engine.apply(upserts=extra)
    try:
        yield
    finally:
        engine.apply(deletes=[document.key for document in extra])


def test_a_place_named_alone_ranks_its_initiatives_above_a_mere_mention(service, engine_settings):
    mention = {"id": 930, "title": "Bàn uốn thép đa năng", "summary": "Dùng như ở Đà Nẵng."}
    with added(engine_settings, mention | {"province_code": "01", "province_name": "Hà Nội"}):
        ranking = hits(service, "sáng kiến Đà Nẵng")
    own = [pk for pk in ranking if PROVINCE_OF.get(pk) == "48"]
    assert own and ranking[: len(own)] == own
    assert ranking.index(930) >= len(own)


def test_regional_words_and_new_abbreviations_find_the_other_wording(service, engine_settings):
    with added(
        engine_settings,
        {"id": 931, "title": "Phối trộn khẩu phần thức ăn cho heo thịt"},
        {"id": 932, "title": "Hợp tác xã rau an toàn bán hàng qua sàn điện tử"},
    ):
        assert hits(service, "thức ăn cho lợn")[0] == 931
        assert hits(service, "HTX rau an toàn")[0] == 932
        assert hits(service, "hop tac xa rau")[0] == 932


def test_a_phrase_with_synonyms_still_finds_its_words_apart(service, engine_settings):
    with added(engine_settings, {"id": 933, "title": "Vớt nhựa và rác trôi trên kênh"}):
        assert 933 in hits(service, "rác nhựa")


def test_an_often_confused_initial_finds_the_word_documents_have(service, engine_settings):
    dryer = {"id": 935, "title": "Máy sấy cà phê bằng khí nóng tuần hoàn"}
    grinder = {"id": 936, "title": "Máy xay cà phê công suất nhỏ"}
    with added(engine_settings, dryer, grinder):
        assert hits(service, "máy xấy cà phê")[0] == 935  # "xấy" is no word: "sấy"
        assert hits(service, "máy xay cà phê")[0] == 936  # a real word stays itself


def test_a_phrase_apart_counts_only_with_the_accents_typed(service, engine_settings):
    loans = {"id": 937, "title": "Giám sát khoản vay, lo thủ tục cho hộ dân"}
    with added(engine_settings, loans):
        assert 937 not in hits(service, "sạt lở")  # not "giám sát … lo"


def test_in_a_query_typed_with_accents_a_word_without_them_is_itself(db):
    from search.plan import COMMON, CONTENT, plan_query

    roles = {group.exact: group.role for group in plan_query("an toàn thi công").groups}
    assert roles[("thi",)] == CONTENT  # "thi công", not "thì"
    roles = {group.exact: group.role for group in plan_query("an toan thi cong").groups}
    assert roles[("thi",)] == COMMON  # typed without accents, it may be "thì"


def test_a_word_typed_in_capitals_is_an_abbreviation_not_a_common_word(db):
    from search.plan import CONTENT, plan_query

    assert plan_query("AI kiểm tra lỗi").groups[0].role == CONTENT
    assert plan_query("ai kiểm tra lỗi").groups[0].role != CONTENT
    # A query typed all in capitals says nothing about any one word.
    assert plan_query("AI KIỂM TRA LỖI").groups[0].role != CONTENT


@pytest.fixture(autouse=True)
def fresh_lexicon():
    invalidate()
    yield
    invalidate()


def test_the_default_thesaurus_widens_untouched_sets_and_keeps_editors_own(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("search.migrations.0004_more_synonyms")
    Synonym.objects.all().delete()
    untouched = Synonym.objects.create(terms="flycam, drone")
    edited = Synonym.objects.create(terms="ngư dân, người đánh cá, bạn thuyền")

    migration.add_more_synonyms(apps, None)
    migration.add_more_synonyms(apps, None)

    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert "UAV" in untouched.term_list
    assert edited.terms == "ngư dân, người đánh cá, bạn thuyền"
    assert Synonym.objects.filter(terms="lợn, heo").count() == 1
    assert Synonym.objects.count() == len(migration.MORE_SYNONYMS)
