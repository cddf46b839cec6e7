"""Write-side operations on initiatives. Each call is one transaction."""

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from .models import InitiativeGalleryImage, InitiativePage, Province, Sector, ShowcaseIndexPage

_SECTION_LABELS = {
    "problem": ("vấn đề", "van de", "thực trạng", "thuc trang"),
    "solution": ("giải pháp", "giai phap", "nội dung", "noi dung"),
    "result": ("kết quả", "ket qua", "hiệu quả", "hieu qua"),
}
_SECTION_START = re.compile(
    r"^\s*(?P<label>"
    + "|".join(re.escape(label) for labels in _SECTION_LABELS.values() for label in labels)
    + r")\s*:\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class InitiativeData:
    """A validated initiative as it arrives from an import or the demo content."""

    external_id: str
    title: str
    summary: str
    province: Province
    sector: Sector
    phase: int
    year: int
    body: str = ""
    authors: tuple[str, ...] = ()
    unit: str = ""
    recognised_on: date | None = None
    benefit_vnd: int | None = None
    benefit_note: str = ""
    status: str = "recognised"
    tags: tuple[str, ...] = ()
    featured: bool = False

    def fingerprint(self) -> str:
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        values["province"] = self.province.code
        values["sector"] = self.sector.slug
        encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


def body_to_stream(text: str) -> list[tuple[str, RichText]]:
    """Plain text with optional "Vấn đề:", "Giải pháp:", "Kết quả:" paragraphs -> StreamField."""
    blocks: list[tuple[str, list[str]]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        match = _SECTION_START.match(paragraph)
        if match:
            label = match.group("label").lower()
            kind = next(k for k, labels in _SECTION_LABELS.items() if label in labels)
            blocks.append((kind, [paragraph[match.end() :]]))
        elif blocks:
            blocks[-1][1].append(paragraph)
        else:
            blocks.append(("paragraph", [paragraph]))
    return [
        (
            kind,
            RichText(
                "".join(
                    f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in parts if part
                )
            ),
        )
        for kind, parts in blocks
    ]


def _apply(page: InitiativePage, data: InitiativeData) -> None:
    page.title = data.title
    page.draft_title = data.title
    page.summary = data.summary
    page.body = body_to_stream(data.body)
    page.authors = ", ".join(data.authors)
    page.unit = data.unit
    page.province = data.province
    page.sector = data.sector
    page.recognised_on = data.recognised_on
    page.phase = data.phase
    page.year = data.year
    page.benefit_vnd = data.benefit_vnd
    page.benefit_note = data.benefit_note
    page.status = data.status
    page.featured = data.featured
    page.external_id = data.external_id
    page.import_fingerprint = data.fingerprint()
    page.tags.set(list(data.tags))


@transaction.atomic
def initiative_upsert(
    *,
    data: InitiativeData,
    parent: ShowcaseIndexPage,
    user=None,
    gallery: Sequence[tuple[AbstractImage, str]] | None = None,
) -> tuple[InitiativePage, str]:
    """Create or update the initiative with `data.external_id` and publish it.

    `gallery` (pictures with captions), when given, replaces the page's gallery.
    Returns the page and what happened: "created", "updated" or "unchanged".
    """
    page = InitiativePage.objects.select_for_update().filter(external_id=data.external_id).first()
    if page is not None and page.import_fingerprint == data.fingerprint() and page.live:
        return page, "unchanged"
    outcome = "updated"
    if page is None:
        page = InitiativePage()
        _apply(page, data)
        parent.add_child(instance=page)
        outcome = "created"
    else:
        _apply(page, data)
    if gallery is not None:
        page.gallery_images = [
            InitiativeGalleryImage(image=image, caption=caption, sort_order=position)
            for position, (image, caption) in enumerate(gallery)
        ]
    # Publishing validates the page again before it saves, so the revision need not.
    page.save_revision(user=user, log_action=True, clean=False).publish(user=user)
    return page, outcome
