import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.text import canonical, confusable, expansions, fold, telex_decode, words

vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ .,-0123456789")
        + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    ),
    max_size=60,
)


@given(vietnamese_text)
def test_canonical_form_is_stable(text):
    assert canonical(canonical(text)) == canonical(text)


@given(vietnamese_text)
def test_decomposed_input_gives_the_same_canonical_form(text):
    assert canonical(unicodedata.normalize("NFD", text)) == canonical(text)


@given(vietnamese_text)
def test_folding_leaves_no_diacritic(text):
    folded = fold(text)
    assert folded == fold(folded)
    assert all(not unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded


@given(st.text(max_size=200))
def test_any_text_is_handled_without_error(text):
    canonical(text)
    fold(text)
    expansions(words(text))
    for word in words(text):
        telex_decode(fold(word))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoá đơn", "hóa đơn"),
        ("thuý", "thúy"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("tuỳ chọn", "tùy chọn"),
        ("hoà bình", "hòa bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("kỹ thuật", "kĩ thuật"),
        ("tỷ đồng", "tỉ đồng"),
        ("lý do", "lí do"),
    ],
)
def test_old_and_new_spellings_meet(old, new):
    assert canonical(old) == canonical(new)


@pytest.mark.parametrize(
    "word", ["hoàn", "toán", "quý", "giữa", "người", "ngoài", "thuở", "ý", "y"]
)
def test_spellings_that_are_already_one_stay_distinct_from_their_neighbours(word):
    assert fold(canonical(word)) in {"hoan", "toan", "qui", "giua", "nguoi", "ngoai", "thuo", "y"}


def test_accents_still_tell_words_apart():
    assert canonical("than") != canonical("thân")
    assert fold(canonical("than")) == fold(canonical("thân"))


def test_folding_turns_d_with_stroke_into_d():
    assert fold("Điện lực Đà Nẵng") == "dien luc da nang"


def test_abbreviations_are_spelled_out():
    found = expansions(words("LĐLĐ TP.HCM tặng quà CNVCLĐ, NLĐ và CĐCS"))
    assert found == [
        "liên đoàn lao động",
        "thành phố hồ chí minh",
        "hồ chí minh",
        "công nhân viên chức lao động",
        "người lao động",
        "công đoàn cơ sở",
    ]
    assert expansions(words("tphcm")) == ["thành phố hồ chí minh", "hồ chí minh"]


def test_covid_spellings_split_into_the_same_words():
    assert words("COVID-19") == words("covid19") == ["covid", "19"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("doanf", "doan"), ("dduwowngf", "duong"), ("tieets", "tiet"), ("kieemj", "kiem")],
)
def test_telex_leftovers_are_undone(typed, meant):
    assert telex_decode(typed) == meant


def test_telex_decoding_leaves_real_words_alone():
    for word in ("cong", "trong", "than", "sang", "kien"):
        assert telex_decode(word) == word


def test_decomposed_unicode_reads_as_the_same_words():
    typed = "tiết kiệm điện"
    assert words(unicodedata.normalize("NFD", typed)) == words(typed) == ["tiết", "kiệm", "điện"]


def test_confusable_initials_swap_whole_initials_only():
    assert confusable("xấy") == ("sấy",)
    assert confusable("lăng") == ("năng",)
    assert confusable("ngành") == ()  # "ng" is one initial, not "n" + "g"
    assert confusable("xay") == ()  # without diacritics it may be any word
