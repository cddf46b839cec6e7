"""Vietnamese text handling shared by every search engine.

Both engines receive text that was prepared here, so that they behave the same
and so that no engine-specific analysis (plugins, NFD folding, index-time
synonyms) is needed:

* `canonical` puts text into one spelling: NFC, the modern tone placement
  ("hoá" -> "hóa", "thuý" -> "thúy") and i for the y of "kỹ"-style syllables
  ("kỹ", "lý", "tỷ" -> "kĩ", "lí", "tỉ"), lower case.
* `fold` drops every diacritic, đ included: "điện" -> "dien".
* `expansions` spells out the domain's abbreviations (LĐLĐ, CNVCLĐ, CĐCS, NLĐ,
  TP.HCM, COVID-19).
* `telex_decode` undoes keystrokes left by a Telex keyboard ("doanf" -> "doan").
"""

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {
    "\u0300": "huyền",
    "\u0301": "sắc",
    "\u0303": "ngã",
    "\u0309": "hỏi",
    "\u0323": "nặng",
}
VOWELS = set("aăâeêioôơuưy")
SHAPED_VOWELS = set("ăâêôơư")
ONSETS_BEFORE_Y = {
    "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _split_tone(word: str) -> tuple[str, str | None]:
    """("hoá") -> ("hoa", "\u0301"): the word without its tone mark, and the mark."""
    tone = None
    kept = []
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS:
            tone = tone or char
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _vowel_span(word: str) -> tuple[int, int]:
    """Start and end of the syllable's vowel nucleus, skipping the u of "qu" and i of "gi"."""
    lower = word.lower()
    start = next((i for i, ch in enumerate(lower) if ch in VOWELS), -1)
    if start < 0:
        return -1, -1
    end = start
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    # The u of "qu" and the i of "gi" belong to the onset when another vowel follows.
    if end - start > 1 and (lower[:start], lower[start]) in (("q", "u"), ("g", "i")):
        start += 1
    return start, end


def _tone_position(word: str, start: int, end: int) -> int:
    """Index of the vowel that carries the tone, following the modern rules."""
    nucleus = word[start:end].lower()
    if "ươ" in nucleus:
        return start + nucleus.index("ươ") + 1
    for offset, char in enumerate(nucleus):
        if char in SHAPED_VOWELS:
            return start + offset
    has_final_consonant = end < len(word)
    if has_final_consonant or len(nucleus) == 1:
        return end - 1
    if len(nucleus) == 2:
        return start
    return start + 1


def _fold_y(word: str, start: int, end: int) -> str:
    """ "kỹ" and "kĩ" are one word: a lone y after an onset is written i."""
    if end - start == 1 and end == len(word) and word[start].lower() == "y":
        onset = word[:start].lower()
        if onset in ONSETS_BEFORE_Y:
            return word[:start] + ("I" if word[start].isupper() else "i")
    return word


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    bare, tone = _split_tone(word.lower())
    start, end = _vowel_span(bare)
    if start < 0:
        return bare
    bare = _fold_y(bare, start, end)
    if tone is None:
        return bare
    position = _tone_position(bare, start, end)
    toned = unicodedata.normalize("NFC", bare[position] + tone)
    return bare[:position] + toned + bare[position + 1 :]


def canonical(text: str) -> str:
    """One spelling for every way of typing the same Vietnamese text, in lower case."""
    text = nfc(text)
    return _LETTERS.sub(lambda match: canonical_word(match.group()), text.lower())


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def fold(text: str) -> str:
    """Text without any diacritic, in lower case: "Điện lực" -> "dien luc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def nfc(text: str) -> str:
    """Composed Unicode. Decomposed input (NFD, "Unicode tổ hợp") would otherwise split
    words at every combining mark: "tiê\u0301t" is one word, not "tiê" and "t"."""
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """Canonical words; letters and digits are split ("covid19" -> "covid", "19")."""
    # canonical_word leaves digits as they are.
    return list(map(canonical_word, _WORD.findall(nfc(text))))


def pairs(words) -> list[str]:
    """Adjacent words joined as one term: ["sang", "kien", "moi"] -> ["sang_kien", "kien_moi"]."""
    return [f"{left}_{right}" for left, right in zip(words, words[1:], strict=False)]


def in_capitals(text: str) -> list[bool]:
    """For each of `words(text)`, whether it was typed in capitals in a text that is not
    all capitals: "AI" in "AI phát hiện lỗi" is an abbreviation, not the word "ai"."""
    found = _WORD.findall(nfc(text))
    lowered = [word for word in found if not word.isdigit() and not word.isupper()]
    return [bool(lowered) and len(w) > 1 and w.isupper() for w in found]


# Abbreviations of the campaign's world, keyed by their folded words. A value
# is the full form, or a tuple of full forms that each stand for it.
ABBREVIATIONS: dict[tuple[str, ...], str | tuple[str, ...]] = {
    ("ldld",): "liên đoàn lao động",
    ("cnvcld",): "công nhân viên chức lao động",
    ("cnvc",): "công nhân viên chức",
    ("cdcs",): "công đoàn cơ sở",
    ("nld",): "người lao động",
    ("tld",): "tổng liên đoàn",
    ("tldld",): "tổng liên đoàn lao động",
    ("tp", "hcm"): ("thành phố hồ chí minh", "hồ chí minh"),
    ("tphcm",): ("thành phố hồ chí minh", "hồ chí minh"),
    ("hcm",): "hồ chí minh",
    ("tp",): "thành phố",
    ("ncov",): "covid",
    ("attp",): "an toàn thực phẩm",
    ("atvsld",): "an toàn vệ sinh lao động",
    ("pccc",): "phòng cháy chữa cháy",
    ("cnch",): "cứu nạn cứu hộ",
    ("atld",): "an toàn lao động",
    ("vsld",): "vệ sinh lao động",
    ("tnld",): "tai nạn lao động",
    ("tngt",): "tai nạn giao thông",
    ("nsld",): "năng suất lao động",
    ("hdld",): "hợp đồng lao động",
    ("htx",): "hợp tác xã",
    ("cntt",): "công nghệ thông tin",
    ("khcn",): "khoa học công nghệ",
    ("kh", "cn"): "khoa học công nghệ",
    ("nckh",): "nghiên cứu khoa học",
    ("kcn",): "khu công nghiệp",
    ("kcx",): "khu chế xuất",
    ("ccn",): "cụm công nghiệp",
    ("ubnd",): "ủy ban nhân dân",
    ("hdnd",): "hội đồng nhân dân",
    ("tthc",): "thủ tục hành chính",
    ("dvc",): "dịch vụ công",
    ("cccd",): "căn cước công dân",
    ("bhxh",): "bảo hiểm xã hội",
    ("bhyt",): "bảo hiểm y tế",
    ("bhtn",): "bảo hiểm thất nghiệp",
    ("bv",): "bệnh viện",
    ("ttyt",): "trung tâm y tế",
    ("tyt",): "trạm y tế",
    ("nvyt",): "nhân viên y tế",
    ("thpt",): "trung học phổ thông",
    ("thcs",): "trung học cơ sở",
    ("gd", "dt"): "giáo dục đào tạo",
    ("gddt",): "giáo dục đào tạo",
    ("gd",): "giáo dục",
    ("gv",): "giáo viên",
    ("hs",): "học sinh",
    ("sv",): "sinh viên",
    ("ktx",): "ký túc xá",
    ("dn",): "doanh nghiệp",
    ("sxkd",): "sản xuất kinh doanh",
    ("xnk",): "xuất nhập khẩu",
    ("gtvt",): "giao thông vận tải",
    ("bvtv",): "bảo vệ thực vật",
    ("vsmt",): "vệ sinh môi trường",
    ("vsattp",): "vệ sinh an toàn thực phẩm",
    ("ccvc",): "công chức viên chức",
    ("cbcnv",): "cán bộ công nhân viên",
    ("cnv",): "công nhân viên",
    ("cskh",): "chăm sóc khách hàng",
    ("tba",): "trạm biến áp",
    ("iot",): "internet vạn vật",
    ("dbscl",): "đồng bằng sông cửu long",
}
_MAX_ABBREVIATION = max(len(key) for key in ABBREVIATIONS)
_FIRST_WORDS = {key[0] for key in ABBREVIATIONS}


def full_forms(key: tuple[str, ...]) -> tuple[str, ...]:
    """The full forms of the abbreviation with folded words `key`; empty if none."""
    value = ABBREVIATIONS.get(key, ())
    return (value,) if isinstance(value, str) else value


def expansions(tokens: list[str], folded: list[str] | None = None) -> list[str]:
    """Full forms of the abbreviations found in `tokens` (canonical words), whose folded
    forms are `folded` when the caller has them already."""
    if folded is None:
        folded = [fold_word(token) for token in tokens]
    if _FIRST_WORDS.isdisjoint(folded):
        return []
    found = []
    index = 0
    while index < len(folded):
        if folded[index] not in _FIRST_WORDS:
            index += 1
            continue
        for size in range(_MAX_ABBREVIATION, 0, -1):
            forms = full_forms(tuple(folded[index : index + size]))
            written = " ".join(tokens[index : index + size])
            if forms and written not in forms:
                found += [form for form in forms if form not in found]
                index += size - 1
                break
        index += 1
    return found


# Initial consonants that Vietnamese speakers of one region or another write for each
# other: "xấy" for "sấy", "chung" for "trung", "dò" for "giò", "lăng" for "năng".
_CONFUSED_INITIALS = (("s", "x"), ("ch", "tr"), ("d", "gi"), ("d", "r"), ("gi", "r"), ("n", "l"))


def confusable(word: str) -> tuple[str, ...]:
    """Spellings of a canonical word with its initial swapped for one often confused
    with it: "xấy" -> ("sấy",). Only for words with diacritics: without them the
    word may be anything."""
    if word == fold_word(word):
        return ()
    found = []
    for first, second in _CONFUSED_INITIALS:
        for typed, meant in ((first, second), (second, first)):
            rest = word[len(typed) :]
            # The whole initial: "n" is not the start of "ng" or "nh".
            if word.startswith(typed) and rest and not rest.startswith(("g", "h")):
                candidate = canonical_word(meant + rest)
                if candidate not in found and candidate != word:
                    found.append(candidate)
    return tuple(found)


_TELEX_VOWELS = (("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"), ("uw", "u"))
_TELEX_TONE_KEYS = "sfrxj"


def telex_decode(token: str) -> str:
    """Undo Telex keystrokes in a folded token: "doanf" -> "doan", "dduwowngf" -> "duong"."""
    if not token.isascii() or len(token) < 3:
        return token
    decoded = token
    if decoded.startswith("dd"):
        decoded = decoded[1:]
    for pattern, replacement in _TELEX_VOWELS:
        decoded = decoded.replace(pattern, replacement)
    decoded = decoded.replace("w", "")
    if len(decoded) > 2 and decoded[-1] in _TELEX_TONE_KEYS and _looks_like_syllable(decoded[:-1]):
        decoded = decoded[:-1]
    return decoded


_SYLLABLE = re.compile(
    r"^(b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?"
    r"[aeiouy]{1,3}"
    r"(c|ch|m|n|ng|nh|p|t)?$"
)


def _looks_like_syllable(token: str) -> bool:
    return bool(_SYLLABLE.match(token))
