"""Illustrations for demo content, drawn with Pillow so that no picture is downloaded.

Each sector gets its own palette and pictogram; variants differ in composition
so that neighbouring cards do not look identical.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1280, 800

PALETTES = {
    "cong-nghiep": ("#1f3b57", "#3f6e94", "#ffcd00"),
    "nang-luong": ("#7a1020", "#c8102e", "#ffcd00"),
    "xay-dung": ("#5b3a12", "#b36b1e", "#ffe08a"),
    "giao-thong-van-tai": ("#123d4a", "#1f7a8c", "#f5f1e3"),
    "nong-nghiep": ("#1f4d24", "#4f8a3a", "#f4e285"),
    "y-te": ("#0d4f5c", "#1b998b", "#ffffff"),
    "giao-duc": ("#3b1f5b", "#6d4aa1", "#ffd166"),
    "cong-nghe-thong-tin": ("#0b2545", "#13315c", "#5ee1ff"),
    "hanh-chinh": ("#2d2d44", "#4a4e69", "#f2e9e4"),
    "cong-doan": ("#8f0b20", "#c8102e", "#ffffff"),
    "dich-vu-thuong-mai": ("#5c2a4d", "#a23e6b", "#ffd6e0"),
    "tai-chinh-ngan-hang": ("#0f3d2e", "#1b6e52", "#ffcd00"),
    "moi-truong": ("#154734", "#2a9d8f", "#e9f5db"),
    "phong-chong-dich": ("#12355b", "#2f6690", "#e8f1f2"),
    "an-toan-lao-dong": ("#3d2c00", "#d98e04", "#1b1d21"),
    "khac": ("#333d47", "#5c6b79", "#ffcd00"),
    "news": ("#8f0b20", "#c8102e", "#ffcd00"),
}


def _gradient(top: str, bottom: str) -> Image.Image:
    top_rgb = Image.new("RGB", (1, 1), top).getpixel((0, 0))
    bottom_rgb = Image.new("RGB", (1, 1), bottom).getpixel((0, 0))
    column = Image.new("RGB", (1, HEIGHT))
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top_rgb, bottom_rgb, strict=True))
        )
    return column.resize((WIDTH, HEIGHT))


def _gear(draw, cx, cy, r, colour):
    teeth = 10
    points = []
    for i in range(teeth * 2):
        angle = math.pi * i / teeth
        radius = r if i % 2 == 0 else r * 0.78
        for offset in (-0.12, 0.12):
            points.append(
                (cx + radius * math.cos(angle + offset), cy + radius * math.sin(angle + offset))
            )
    draw.polygon(points, fill=colour)
    draw.ellipse([cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r * 0.35], fill=(0, 0, 0, 0))


def _bolt(draw, cx, cy, r, colour):
    draw.polygon(
        [
            (cx + 0.15 * r, cy - r),
            (cx - 0.55 * r, cy + 0.1 * r),
            (cx - 0.05 * r, cy + 0.1 * r),
            (cx - 0.25 * r, cy + r),
            (cx + 0.55 * r, cy - 0.15 * r),
            (cx + 0.05 * r, cy - 0.15 * r),
        ],
        fill=colour,
    )


def _leaf(draw, cx, cy, r, colour):
    draw.ellipse([cx - r * 0.55, cy - r, cx + r * 0.55, cy + r], fill=colour)
    draw.line(
        [(cx, cy - r * 0.9), (cx, cy + r * 1.2)], fill=(0, 0, 0, 90), width=max(4, int(r / 12))
    )


def _cross(draw, cx, cy, r, colour):
    w = r * 0.36
    draw.rounded_rectangle([cx - w, cy - r, cx + w, cy + r], radius=int(w / 3), fill=colour)
    draw.rounded_rectangle([cx - r, cy - w, cx + r, cy + w], radius=int(w / 3), fill=colour)


def _book(draw, cx, cy, r, colour):
    draw.polygon(
        [(cx, cy - r * 0.6), (cx - r, cy - r * 0.8), (cx - r, cy + r * 0.7), (cx, cy + r * 0.9)],
        fill=colour,
    )
    draw.polygon(
        [(cx, cy - r * 0.6), (cx + r, cy - r * 0.8), (cx + r, cy + r * 0.7), (cx, cy + r * 0.9)],
        fill=colour,
    )
    draw.line([(cx, cy - r * 0.6), (cx, cy + r * 0.9)], fill=(0, 0, 0, 80), width=6)


def _chip(draw, cx, cy, r, colour):
    s = r * 0.6
    draw.rounded_rectangle([cx - s, cy - s, cx + s, cy + s], radius=int(r / 8), fill=colour)
    for i in range(-2, 3):
        offset = i * s / 2.5
        for sx, sy, ex, ey in (
            (cx + offset, cy - s, cx + offset, cy - r),
            (cx + offset, cy + s, cx + offset, cy + r),
            (cx - s, cy + offset, cx - r, cy + offset),
            (cx + s, cy + offset, cx + r, cy + offset),
        ):
            draw.line([(sx, sy), (ex, ey)], fill=colour, width=max(4, int(r / 14)))


def _building(draw, cx, cy, r, colour):
    for i, height in enumerate((0.9, 1.4, 1.1)):
        x0 = cx - r + i * r * 0.7
        draw.rectangle([x0, cy + r - height * r, x0 + r * 0.6, cy + r], fill=colour)


def _wheel(draw, cx, cy, r, colour):
    width = max(8, int(r / 6))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=colour, width=width)
    for i in range(6):
        angle = math.pi * i / 3
        draw.line(
            [(cx, cy), (cx + r * math.cos(angle), cy + r * math.sin(angle))],
            fill=colour,
            width=width // 2,
        )


def _shield(draw, cx, cy, r, colour):
    draw.polygon(
        [
            (cx, cy - r),
            (cx + r * 0.85, cy - r * 0.6),
            (cx + r * 0.7, cy + r * 0.4),
            (cx, cy + r),
            (cx - r * 0.7, cy + r * 0.4),
            (cx - r * 0.85, cy - r * 0.6),
        ],
        fill=colour,
    )


def _coin(draw, cx, cy, r, colour):
    for i in range(3):
        y = cy + r * 0.5 - i * r * 0.45
        draw.ellipse(
            [cx - r * 0.8, y - r * 0.3, cx + r * 0.8, y + r * 0.3],
            fill=colour,
            outline=(0, 0, 0, 70),
            width=4,
        )


def _people(draw, cx, cy, r, colour):
    for dx, scale in ((-0.6, 0.75), (0.6, 0.75), (0, 1.0)):
        hx = cx + dx * r
        head = r * 0.28 * scale
        draw.ellipse(
            [hx - head, cy - r * 0.55 * scale - head, hx + head, cy - r * 0.55 * scale + head],
            fill=colour,
        )
        draw.pieslice(
            [hx - r * 0.5 * scale, cy - r * 0.15, hx + r * 0.5 * scale, cy + r * 0.9],
            180,
            360,
            fill=colour,
        )


def _drop(draw, cx, cy, r, colour):
    draw.ellipse([cx - r * 0.7, cy - r * 0.1, cx + r * 0.7, cy + r * 1.0], fill=colour)
    draw.polygon(
        [(cx, cy - r), (cx - r * 0.62, cy + r * 0.3), (cx + r * 0.62, cy + r * 0.3)], fill=colour
    )


def _bulb(draw, cx, cy, r, colour):
    draw.ellipse([cx - r * 0.7, cy - r, cx + r * 0.7, cy + r * 0.4], fill=colour)
    draw.rectangle([cx - r * 0.32, cy + r * 0.2, cx + r * 0.32, cy + r * 0.75], fill=colour)
    draw.rounded_rectangle(
        [cx - r * 0.32, cy + r * 0.82, cx + r * 0.32, cy + r], radius=6, fill=colour
    )


PICTOGRAMS = {
    "cong-nghiep": _gear,
    "nang-luong": _bolt,
    "xay-dung": _building,
    "giao-thong-van-tai": _wheel,
    "nong-nghiep": _leaf,
    "y-te": _cross,
    "giao-duc": _book,
    "cong-nghe-thong-tin": _chip,
    "hanh-chinh": _building,
    "cong-doan": _people,
    "dich-vu-thuong-mai": _coin,
    "tai-chinh-ngan-hang": _coin,
    "moi-truong": _drop,
    "phong-chong-dich": _shield,
    "an-toan-lao-dong": _shield,
    "khac": _bulb,
    "news": _bulb,
}


def draw_cover(theme: str, variant: int) -> bytes:
    """A 1280×800 JPEG for `theme` (a sector slug or "news"); `variant` changes the layout."""
    dark, light, accent = PALETTES.get(theme, PALETTES["khac"])
    rng = random.Random(f"{theme}:{variant}")
    picture = _gradient(light, dark).convert("RGBA")
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(7):
        r = rng.randint(80, 320)
        x, y = rng.randint(-100, WIDTH + 100), rng.randint(-100, HEIGHT + 100)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(12, 34)))
    stripe = rng.randint(40, 90)
    for x in range(-HEIGHT, WIDTH, stripe * 3):
        draw.line([(x, HEIGHT), (x + HEIGHT, 0)], fill=(0, 0, 0, 22), width=stripe)
    picture = Image.alpha_composite(picture, layer.filter(ImageFilter.GaussianBlur(2)))

    icon_layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    icon_draw = ImageDraw.Draw(icon_layer)
    cx = rng.choice((WIDTH * 0.3, WIDTH * 0.5, WIDTH * 0.7))
    cy = HEIGHT * rng.uniform(0.42, 0.55)
    radius = rng.randint(170, 230)
    icon_draw.ellipse(
        [cx - radius * 1.45, cy - radius * 1.45, cx + radius * 1.45, cy + radius * 1.45],
        fill=(255, 255, 255, 40),
    )
    PICTOGRAMS.get(theme, _bulb)(icon_draw, cx, cy, radius, accent)
    shadow = icon_layer.filter(ImageFilter.GaussianBlur(14))
    picture = Image.alpha_composite(picture, Image.eval(shadow, lambda v: v // 3))
    picture = Image.alpha_composite(picture, icon_layer)

    out = io.BytesIO()
    picture.convert("RGB").save(out, format="JPEG", quality=84, optimize=True)
    return out.getvalue()
