"""Vietnamese text helpers shared by slugs and reference-data matching."""

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """Drop diacritics, including the stroke of đ, which Unicode does not decompose."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify_vi(text: str, *, max_length: int = 80) -> str:
    """ASCII slug as Vietnamese news sites write them: "Tiết kiệm điện" -> "tiet-kiem-dien"."""
    slug = slugify(ascii_fold(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


_SPACES = re.compile(r"[^0-9a-z]+")


def match_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for matching names."""
    return _SPACES.sub(" ", ascii_fold(text).lower()).strip()
