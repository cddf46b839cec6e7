"""Reading time of a news article, counted in Vietnamese syllables.

Vietnamese writes every syllable as its own space-separated token, so the tokens of an
article's text are its syllables. Where the reading rate comes from: docs/reading-time.md.
"""

import math
import re
from collections.abc import Iterable, Iterator
from html import unescape

from django.utils.html import strip_tags

# Silent reading of non-fiction by adults (Brysbaert 2019, 238 words a minute); a
# Vietnamese syllable is about one short word. See docs/reading-time.md.
SYLLABLES_PER_MINUTE = 238
# Tokens made only of punctuation or symbols ("–", "…", "%") are not read as syllables.
_READABLE = re.compile(r"\w")


def _block_texts(block_type: str, value) -> Iterator[str]:
    """The text a reader reads in one body block, from its stored (raw) value."""
    if block_type in ("paragraph", "heading") and isinstance(value, str):
        yield value
    elif block_type == "quote" and isinstance(value, dict):
        yield value.get("text") or ""
        yield value.get("attribution") or ""
    elif block_type in ("image", "table") and isinstance(value, dict):
        yield value.get("caption") or ""
        table = value.get("table")
        rows = table.get("data") if isinstance(table, dict) else None
        for row in rows or ():
            yield " ".join(str(cell) for cell in row if cell)


def count_syllables(texts: Iterable[str]) -> int:
    total = 0
    for text in texts:
        plain = unescape(strip_tags(text.replace("<", " <")))
        total += sum(1 for token in plain.split() if _READABLE.search(token))
    return total


def article_syllables(*, lead: str, raw_body: Iterable[dict]) -> int:
    """Syllables of the lead and of the body's text blocks (not of its markup)."""
    texts = [lead]
    for block in raw_body or ():
        texts.extend(_block_texts(block.get("type", ""), block.get("value")))
    return count_syllables(texts)


def reading_minutes(syllables: int) -> int:
    """Whole minutes, rounded up, and at least one."""
    return max(1, math.ceil(syllables / SYLLABLES_PER_MINUTE))
