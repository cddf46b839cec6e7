"""Loading the demo content: illustrations, initiatives, news, accounts and home page figures.

Every step looks up what it would create first, so running it again changes nothing.
"""

import html
import json
import random
import secrets
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.rich_text import RichText

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage, NewsRelatedInitiative
from portal.home.models import HomeFeaturedInitiative, HomePage
from portal.images.models import CampaignImage
from portal.vietnamese import slugify_vi
from showcase.importing import ReferenceLookup, RowValidator, iter_rows
from showcase.models import CampaignUnit, InitiativePage, Sector, ShowcaseIndexPage, UnitReport
from showcase.services import initiative_upsert

from .artwork import draw_cover
from .indexing import wagtail_indexes_deferred

DATA_DIR = Path(__file__).resolve().parent / "data"
LOGIN_FILE = "demo-logins.txt"
VARIANTS_PER_THEME = 3
# News illustrations borrow sector palettes so that the news grid is not all red.
NEWS_THEMES = (
    "news",
    "cong-doan",
    "giao-duc",
    "nang-luong",
    "y-te",
    "moi-truong",
    "cong-nghiep",
    "tai-chinh-ngan-hang",
)
# Published campaign total at the summing-up in 2023 (a public figure).
CAMPAIGN_INITIATIVES = 697_000


def demo_is_loaded() -> bool:
    return InitiativePage.objects.exists() or NewsArticlePage.objects.exists()


def _image(title: str, theme: str, variant: int, *, caption: str = "") -> CampaignImage:
    image = CampaignImage.objects.filter(title=title).first()
    if image is not None:
        return image
    image = CampaignImage(title=title, caption=caption, credit="Minh họa của ban biên tập")
    image.file = ImageFile(BytesIO(draw_cover(theme, variant)), name=f"{slugify_vi(title)}.jpg")
    image._set_image_file_metadata()
    image.save()
    return image


def demo_images() -> dict[str, list[CampaignImage]]:
    """Illustrations per sector slug, plus "news" for articles."""
    images: dict[str, list[CampaignImage]] = {}
    for sector in Sector.objects.all():
        images[sector.slug] = [
            _image(f"Minh họa lĩnh vực {sector.name.lower()} ({n + 1})", sector.slug, n)
            for n in range(VARIANTS_PER_THEME)
        ]
    images["news"] = [
        _image(f"Minh họa tin phong trào ({n + 1})", theme, n)
        for n, theme in enumerate(NEWS_THEMES)
    ]
    return images


def _demo_initiative_rows():
    for path in sorted(DATA_DIR.glob("initiatives_*.jsonl")):
        for numbered_row in iter_rows(path, "jsonl"):
            yield path, numbered_row


def demo_initiatives(*, images: dict[str, list[CampaignImage]], log) -> dict[str, int]:
    parent = ShowcaseIndexPage.objects.get()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with RowValidator(ReferenceLookup()) as validator:
        for path, (line, row) in _demo_initiative_rows():
            data, errors = validator.validate(line, row)
            if errors:
                raise ValueError(f"{path.name}: " + "; ".join(map(str, errors)))
            pictures = images[data.sector.slug]
            rng = random.Random(data.external_id)
            chosen = rng.sample(pictures, k=rng.choice((1, 2, 2, 3)))
            gallery = [(image, "") for image in chosen]
            if InitiativePage.objects.filter(external_id=data.external_id).exists():
                gallery = None
            _, outcome = initiative_upsert(data=data, parent=parent, gallery=gallery)
            counts[outcome] += 1
    log(
        f"Sáng kiến: {counts['created']} mới, {counts['updated']} cập nhật, "
        f"{counts['unchanged']} không đổi."
    )
    return counts


def _news_body(article: dict, picture: CampaignImage) -> list[tuple[str, object]]:
    body = []
    for position, block in enumerate(article["body"]):
        kind = block["type"]
        if kind == "paragraph":
            body.append(("paragraph", RichText(f"<p>{html.escape(block['text'])}</p>")))
        elif kind == "heading":
            body.append(("heading", block["text"]))
        elif kind == "quote":
            body.append(
                ("quote", {"text": block["text"], "attribution": block.get("attribution", "")})
            )
        elif kind == "table":
            body.append(
                (
                    "table",
                    {
                        "caption": block.get("caption", ""),
                        "table": {
                            "data": [block["header"], *block["rows"]],
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                            "table_caption": "",
                        },
                    },
                )
            )
        if position == 1:
            body.append(
                (
                    "image",
                    {"image": picture, "alt_text": "", "caption": "Ảnh minh họa: Ban biên tập"},
                )
            )
    return body


def _related_initiatives(article: dict, rng: random.Random) -> list[InitiativePage]:
    candidates = InitiativePage.objects.live().filter(sector__slug__in=article["related_sectors"])
    if article.get("province"):
        local = candidates.filter(province__code=article["province"])
        if local.exists():
            candidates = local
    pool = list(candidates.order_by(F("benefit_vnd").desc(nulls_last=True))[:12])
    return rng.sample(pool, k=min(len(pool), 3))


def demo_news(*, images: dict[str, list[CampaignImage]], log) -> int:
    index = NewsIndexPage.objects.get()
    categories = {category.slug: category for category in NewsCategory.objects.all()}
    created = 0
    articles = [
        json.loads(line)
        for line in (DATA_DIR / "news.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for number, article in enumerate(articles):
        slug = slugify_vi(article["title"])
        if NewsArticlePage.objects.filter(slug=slug).exists():
            continue
        rng = random.Random(slug)
        pictures = images["news"]
        featured = pictures[number % len(pictures)]
        inline = pictures[(number + 3) % len(pictures)]
        published_on = datetime.fromisoformat(article["published_on"]).date()
        with transaction.atomic():
            page = NewsArticlePage(
                title=article["title"],
                slug=slug,
                lead=article["lead"],
                author=article["author"],
                published_on=published_on,
                featured_image=featured,
                body=_news_body(article, inline),
                first_published_at=timezone.make_aware(datetime.combine(published_on, time(8))),
            )
            page.categories = [categories[slug] for slug in article["categories"]]
            page.tags.set(article["tags"])
            page.related_initiatives = [
                NewsRelatedInitiative(initiative=initiative, sort_order=position)
                for position, initiative in enumerate(_related_initiatives(article, rng))
            ]
            index.add_child(instance=page)
            page.save_revision().publish()
        created += 1
    log(f"Tin tức: {created} bài mới, {len(articles) - created} bài đã có.")
    return created


# The editors' picks (external id, note), in order: one whose worth is not counted in
# money, the largest benefit, and a small idea any line can copy. The home page and
# /sang-kien/noi-bat/ fill the rest with the highest-benefit recognised initiatives.
FEATURED_PICKS = (
    (
        "DEMO-0141",
        "Giữa những ngày căng thẳng nhất của đợt dịch năm 2021, những người thợ cơ điện làm "
        "việc không nghỉ để người bệnh nặng có oxy. Giá trị của sáng kiến này không đo được "
        "bằng tiền.",
    ),
    (
        "DEMO-0021",
        "Không khoan thêm giếng nào, chỉ chia lại khí nâng cho hợp lý, mỗi ngày mỏ có thêm "
        "khoảng 700 thùng dầu: sáng kiến làm lợi nhiều nhất trong thư viện.",
    ),
    (
        "DEMO-0010",
        "Một tấm mica, vài viên nam châm và sự tinh ý của người tổ trưởng: cách làm nhỏ, "
        "chi phí thấp mà chuyền may nào cũng áp dụng được ngay.",
    ),
)


def demo_home(*, images: dict[str, list[CampaignImage]]) -> None:
    home = HomePage.objects.get()
    if home.campaign_initiatives is not None:
        return
    home.campaign_initiatives = CAMPAIGN_INITIATIVES
    home.hero_image = images["news"][0]
    picked = InitiativePage.objects.live().in_bulk(
        [external_id for external_id, _ in FEATURED_PICKS], field_name="external_id"
    )
    home.featured_initiatives = [
        HomeFeaturedInitiative(initiative=picked[external_id], note=note, sort_order=position)
        for position, (external_id, note) in enumerate(FEATURED_PICKS)
        if external_id in picked
    ]
    home.save_revision().publish()


# Figures the press published (facts; the wording of the articles is not reused):
# (unit code, phase, as of, registered, target).
PUBLISHED_REPORTS = (
    ("38", 1, date(2022, 3, 26), 11_666, None),  # Thanh Hóa
    ("40", 1, date(2022, 3, 26), 8_881, None),  # Nghệ An
    ("42", 1, date(2022, 3, 26), 5_072, None),  # Hà Tĩnh
    ("20", 1, date(2022, 5, 31), 3_001, 2_000),  # Lạng Sơn: 150% of plan at the end of phase 1
)
PUBLISHED_SOURCE = "Báo chí công đoàn đưa tin"
DEMO_SOURCE = "Số liệu minh họa cho bản trình diễn"
REPORT_DATES = {
    1: (date(2022, 1, 15), date(2022, 3, 26), date(2022, 5, 31)),
    2: (date(2022, 12, 31), date(2023, 6, 30), date(2023, 9, 30)),
}
# Lạng Sơn's sub-units: the press named the first two as meeting their targets in both
# phases; the others are made up for the demonstration.
LANG_SON_SUB_UNITS = (
    ("20-giao-duc", "Công đoàn ngành Giáo dục tỉnh Lạng Sơn", "Công đoàn ngành Giáo dục", "sector"),
    ("20-trang-dinh", "Liên đoàn Lao động huyện Tràng Định", "LĐLĐ huyện Tràng Định", "district"),
    ("20-cao-loc", "Liên đoàn Lao động huyện Cao Lộc", "LĐLĐ huyện Cao Lộc", "district"),
    ("20-y-te", "Công đoàn ngành Y tế tỉnh Lạng Sơn", "Công đoàn ngành Y tế", "sector"),
)


def demo_reports(*, log) -> int:
    """Reports for every national unit in both phases on several dates, scaled so that the
    final figures add up to the campaign's published total; the published figures above
    are kept as they were reported, and everything else is marked as demo data."""
    if UnitReport.objects.filter(source=DEMO_SOURCE).exists():
        log("Báo cáo số liệu: đã có.")
        return 0
    rng = random.Random(2021)
    lang_son = CampaignUnit.objects.get(code="20")
    for code, name, short_name, kind in LANG_SON_SUB_UNITS:
        CampaignUnit.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short_name, "kind": kind, "parent": lang_son},
        )
    published = {
        (code, phase, as_of): (n, target) for code, phase, as_of, n, target in PUBLISHED_REPORTS
    }
    units = list(CampaignUnit.objects.filter(parent=None).order_by("code"))
    weights = {unit.code: rng.uniform(0.4, 2.5) for unit in units}
    scale = CAMPAIGN_INITIATIVES / sum(weights.values())
    reports = []
    for unit in [*units, *CampaignUnit.objects.filter(parent=lang_son)]:
        final = int(weights.get(unit.code, rng.uniform(0.02, 0.05) * weights["20"]) * scale)
        shares = {1: rng.uniform(0.35, 0.5)}
        shares[2] = 1 - shares[1]
        # The whole campaign's figure at each date: phase 1's latest plus phase 2's latest.
        latest = {1: (0, 0), 2: (0, 0)}
        for phase, dates in REPORT_DATES.items():
            phase_final = int(final * shares[phase])
            target = int(phase_final / rng.uniform(0.8, 1.6) / 10) * 10 or None
            # A published target holds for the whole phase.
            target = next(
                (known for (code, p, _), (_, known) in published.items()
                 if code == unit.code and p == phase and known),
                target,
            )  # fmt: skip
            registered = 0
            for step, as_of in enumerate(dates, start=1):
                # Counts only grow: a published figure lifts the later ones.
                grown = int(phase_final * step / len(dates) * rng.uniform(0.9, 1.0))
                registered = max(registered, grown)
                source, is_demo = DEMO_SOURCE, True
                if (unit.code, phase, as_of) in published:
                    registered = published[(unit.code, phase, as_of)][0]
                    source, is_demo = PUBLISHED_SOURCE, False
                benefit = registered * rng.randint(20, 120) * 1_000_000
                latest[phase] = (registered, benefit)
                reports += [
                    UnitReport(
                        unit=unit, phase=phase, as_of=as_of, registered=registered,
                        target=target, benefit_vnd=benefit, source=source, is_demo=is_demo,
                    ),
                    UnitReport(
                        unit=unit, phase=0, as_of=as_of,
                        registered=latest[1][0] + latest[2][0],
                        benefit_vnd=latest[1][1] + latest[2][1],
                        source=DEMO_SOURCE, is_demo=True,
                    ),
                ]  # fmt: skip
    UnitReport.objects.bulk_create(reports)
    log(f"Báo cáo số liệu: {len(reports)} báo cáo của {len(units)} đơn vị toàn quốc.")
    return len(reports)


def demo_accounts() -> list[tuple[str, str, str]]:
    """An administrator and an editor. Passwords are random, or DEMO_PASSWORD when set."""
    User = get_user_model()
    accounts = []
    for username, role, is_superuser in (
        ("admin", "Quản trị", True),
        ("bientap", "Biên tập", False),
    ):
        if User.objects.filter(username=username).exists():
            continue
        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(9)
        user = User.objects.create_user(
            username=username,
            password=password,
            email=f"{username}@example.vn",
            first_name=role,
            is_staff=True,
            is_superuser=is_superuser,
        )
        if not is_superuser:
            user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
        accounts.append((username, password, role))
    if accounts:
        # Only logins that exist belong in the file: it is written once the accounts commit.
        transaction.on_commit(lambda: _write_logins(accounts))
    return accounts


def _write_logins(accounts: list[tuple[str, str, str]]) -> None:
    login_file = Path(settings.VAR_DIR) / LOGIN_FILE
    login_file.parent.mkdir(parents=True, exist_ok=True)
    # A fresh database makes the logins of an earlier one worthless: start the file over.
    mode = "w" if len(accounts) == 2 else "a"
    with login_file.open(mode, encoding="utf-8") as handle:
        for username, password, role in accounts:
            handle.write(f"{role}: {username} / {password}\n")
    login_file.chmod(0o600)


@transaction.atomic
def demo_load(*, log=print) -> None:
    """All or nothing, in one transaction.

    An interrupted load leaves no half-filled site behind (the next `make run` loads it
    again), and the search engine is sent the whole content once, after the commit,
    rather than once per page while the load is still running.
    """
    with wagtail_indexes_deferred():
        images = demo_images()
        demo_initiatives(images=images, log=log)
        demo_news(images=images, log=log)
        demo_home(images=images)
        demo_reports(log=log)
        demo_accounts()
