"""Share images: the 1200×630 picture that OpenGraph and Twitter cards show for an
article or an initiative, drawn with Pillow in the DejaVu Sans shipped in static/fonts.

Its address carries a short digest of what is drawn (`ShareCard.digest`), so a new title
or benefit gets a new address and the old picture can be cached by readers for a year.
Each picture is drawn once, on its first request, and kept in the default storage
(under MEDIA_ROOT/share-images/); a stale digest redirects to the current picture.
"""

import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from PIL import Image, ImageDraw, ImageFont

from portal.vnd import format_vnd

WIDTH, HEIGHT = 1200, 630
# Bumped when the drawing changes, so that every address (and stored picture) changes too.
LAYOUT_VERSION = "2"
ARTICLE, INITIATIVE = "bai-viet", "sang-kien"
STORAGE_DIR = "share-images"
CACHE_CONTROL = "public, max-age=31536000, immutable"

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
RED, YELLOW, INK, MUTED, PAPER = "#c8102e", "#ffcd00", "#1c1b1f", "#5b5560", "#fbf8f3"
MARGIN = 80
TITLE_SIZES = (68, 60, 52, 46, 40)
TITLE_MAX_LINES = 4


@dataclass(frozen=True)
class ShareCard:
    """What a share picture shows, and so what its address depends on."""

    kind: str
    page_id: int
    title: str
    eyebrow: str = ""
    highlight: str = ""

    @property
    def digest(self) -> str:
        drawn = [LAYOUT_VERSION, self.title, self.eyebrow, self.highlight]
        return hashlib.sha256(json.dumps(drawn).encode()).hexdigest()[:12]

    @property
    def url(self) -> str:
        return reverse(
            "share-image",
            kwargs={"kind": self.kind, "page_id": self.page_id, "digest": self.digest},
        )

    @property
    def storage_name(self) -> str:
        return f"{STORAGE_DIR}/{self.kind}/{self.page_id}-{self.digest}.png"


def article_card(article) -> ShareCard:
    """Uses `article.categories.all()`: the article page and the view prefetch them."""
    categories = ", ".join(category.name for category in article.categories.all())
    day = date_format(article.published_on, "d/m/Y")
    eyebrow = f"{categories} · {day}" if categories else f"Tin tức · {day}"
    return ShareCard(kind=ARTICLE, page_id=article.pk, title=article.title, eyebrow=eyebrow)


def initiative_card(initiative) -> ShareCard:
    """Uses `initiative.province`: selected with the page wherever a card is made."""
    highlight = f"Làm lợi {format_vnd(initiative.benefit_vnd)}" if initiative.benefit_vnd else ""
    province = initiative.province.name if initiative.province_id else ""
    eyebrow = f"Sáng kiến · {province}" if province else "Sáng kiến"
    return ShareCard(
        kind=INITIATIVE,
        page_id=initiative.pk,
        title=initiative.title,
        eyebrow=eyebrow,
        highlight=highlight,
    )


def card_for_page(page) -> ShareCard | None:
    from news.models import NewsArticlePage
    from showcase.models import InitiativePage

    if isinstance(page, NewsArticlePage):
        return article_card(page)
    if isinstance(page, InitiativePage):
        return initiative_card(page)
    return None


# Drawing -----------------------------------------------------------------------------


@cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of whole words; a word wider than the line stays whole, on a line of its own."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _cut_long_words(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` with each word wider than `width` cut into pieces that fit: after a hyphen
    where the word has one in reach, else between letters (NFC: a Vietnamese letter with
    its marks is one character)."""
    words = []
    for word in text.split():
        while font.getlength(word) > width:
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            hyphen = word.rfind("-", 0, cut)
            if hyphen > 0:
                cut = hyphen + 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    return " ".join(words)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.25)


def _fit_title(text: str, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in the box, in width as in height; at the
    smallest, words wider than the box are cut and the last line that fits ends with an
    ellipsis."""
    for size in TITLE_SIZES:
        font = _font(size, bold=True)
        lines = _wrap(text, font, width)
        if (
            len(lines) <= TITLE_MAX_LINES
            and len(lines) * _line_height(font) <= height
            and all(font.getlength(line) <= width for line in lines)
        ):
            return font, lines
    lines = _wrap(_cut_long_words(text, font, width), font, width)
    kept = lines[: max(1, min(TITLE_MAX_LINES, height // _line_height(font)))]
    if len(kept) == len(lines):
        return font, kept
    last = kept[-1]
    while last and font.getlength(f"{last} …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = f"{last} …"
    return font, kept


def _fit_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` on one line, shortened to end with an ellipsis if it is wider than `width`."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(f"{text}…") > width:
        text = text[:-1]
    return f"{text.rstrip()}…"


def render_png(card: ShareCard) -> bytes:
    # Composed forms: the font's precomposed Vietnamese letters, not stacked marks.
    title = unicodedata.normalize("NFC", card.title.strip())
    eyebrow = unicodedata.normalize("NFC", card.eyebrow)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=RED)
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=YELLOW)
    text_width = WIDTH - 2 * MARGIN

    draw.text((MARGIN, 56), "MỘT TRIỆU SÁNG KIẾN", font=_font(30, bold=True), fill=RED)
    draw.text((MARGIN, 96), "Tổng Liên đoàn Lao động Việt Nam", font=_font(24), fill=MUTED)
    y = 172
    if eyebrow:
        # An article's categories, however many, on one line.
        draw.text(
            (MARGIN, y), _fit_line(eyebrow, _font(30), text_width), font=_font(30), fill=MUTED
        )
        y += 58

    highlight_top = HEIGHT - 12 - 48 - 72
    bottom = highlight_top - 24 if card.highlight else HEIGHT - 12 - 48
    font, lines = _fit_title(title, text_width, bottom - y)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += _line_height(font)

    if card.highlight:
        highlight_font = _font(36, bold=True)
        text = unicodedata.normalize("NFC", card.highlight)
        box_width = round(highlight_font.getlength(text)) + 48
        top = highlight_top
        draw.rounded_rectangle((MARGIN, top, MARGIN + box_width, top + 72), 12, fill=YELLOW)
        draw.text((MARGIN + 24, top + 36), text, font=highlight_font, fill=INK, anchor="lm")

    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def stored_png(card: ShareCard) -> bytes:
    """The card's picture, drawn on the first request and read from storage afterwards."""
    name = card.storage_name
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    png = render_png(card)
    if not default_storage.exists(name):  # another request may have just drawn it
        default_storage.save(name, ContentFile(png))
    return png


# View --------------------------------------------------------------------------------


def _card(kind: str, page_id: int) -> ShareCard:
    from news.models import NewsArticlePage
    from showcase.models import InitiativePage

    if kind == ARTICLE:
        queryset = NewsArticlePage.objects.live().public().prefetch_related("categories")
        make = article_card
    else:
        queryset = InitiativePage.objects.live().public().select_related("province")
        make = initiative_card
    page = queryset.filter(pk=page_id).first()
    if page is None:
        raise Http404("Không có trang này.")
    return make(page)


def share_image(request, kind: str, page_id: str, digest: str):
    card = _card(kind, int(page_id))
    if digest != card.digest:
        # An address from before the title or benefit changed: today's picture.
        return redirect(card.url)
    response = HttpResponse(stored_png(card), content_type="image/png")
    response["Cache-Control"] = CACHE_CONTROL
    return response
