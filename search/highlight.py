"""Snippets with the matching words marked. Everything is escaped; only <mark> is added."""

import re

from django.utils.html import escape

from . import text

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def snippet_html(source: str, terms: frozenset[str] | set[str], *, max_chars: int = 220) -> str:
    """The passage of `source` with the most matches of the folded `terms`, marked up."""
    source = " ".join(text.nfc(source).split())
    if not source:
        return ""
    matches = [
        match
        for match in _TOKEN.finditer(source)
        if terms and text.fold_word(text.canonical_word(match.group())) in terms
    ]
    start = _best_window_start(source, matches, max_chars)
    end = min(len(source), start + max_chars)
    if end < len(source):
        end = source.rfind(" ", start, end) if source.rfind(" ", start, end) > start else end
    pieces = []
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(escape(source[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(source[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(source) else ""
    return prefix + "".join(pieces).strip() + suffix


def _best_window_start(source: str, matches: list, max_chars: int) -> int:
    if not matches:
        return 0
    best_start, best_count = 0, -1
    for first in matches:
        window_end = first.start() + max_chars
        count = sum(1 for m in matches if first.start() <= m.start() and m.end() <= window_end)
        if count > best_count:
            best_start, best_count = first.start(), count
    # Start at a word boundary a little before the first match, for context.
    context_start = max(0, best_start - 40)
    if context_start > 0:
        space = source.find(" ", context_start)
        context_start = space + 1 if 0 <= space < best_start else best_start
    return context_start
