"""As many initiatives as wanted, reading like the demo's, from a seed.

    from corpus import write_import_file
    write_import_file(Path("1m.csv"), rows=1_000_000, seed=7)

The 300 demo initiatives (site/demo/data/initiatives_*.jsonl) are the vocabulary:
a generated initiative takes its title, summary, sector and tags from one of
them, the problem, solution and result paragraphs of its body from three
initiatives of the same sector, and its authors from the demo's names. Its
federation is drawn with Zipf-like weights (a few large federations hold most
initiatives, as in the campaign), its recognition date from the campaign's two
phases, and its benefit log-uniformly from 1 triệu to 500 tỷ đồng, with some
unquantified. Nothing here needs Django: the file is what an editor would import.
"""

import csv
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parents[1] / "site" / "demo" / "data"
COLUMNS = (
    "external_id",
    "title",
    "summary",
    "body",
    "authors",
    "unit",
    "province",
    "sector",
    "recognised_on",
    "benefit_vnd",
    "benefit_note",
    "tags",
)
PHASES = ((date(2021, 9, 1), date(2022, 8, 31)), (date(2022, 9, 1), date(2023, 9, 30)))
FIRST_PHASE_SHARE = 0.4
UNQUANTIFIED_SHARE = 0.08
BENEFIT_RANGE_VND = (1_000_000, 500_000_000_000)
SECTIONS = ("Vấn đề: ", "Giải pháp: ", "Kết quả: ")
PLACES = ("phân xưởng", "tổ sản xuất", "dây chuyền", "xí nghiệp", "khoa", "chi nhánh")


def demo_initiatives() -> list[dict]:
    rows = []
    for path in sorted(DEMO_DIR.glob("initiatives_*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


class Corpus:
    def __init__(self, *, seed: int = 7):
        self.rng = random.Random(seed)
        self.demo = demo_initiatives()
        self.by_sector: dict[str, list[dict]] = defaultdict(list)
        for row in self.demo:
            self.by_sector[row["sector"]].append(row)
        self.sections = {id(row): _sections(row["body"]) for row in self.demo}
        names = [name.split() for row in self.demo for name in row["authors"]]
        self.family = sorted({parts[0] for parts in names})
        self.middle = sorted({" ".join(parts[1:-1]) for parts in names if len(parts) > 2})
        self.given = sorted({parts[-1] for parts in names})
        self.units = sorted({row["unit"] for row in self.demo if row.get("unit")})
        provinces = sorted({row["province"] for row in self.demo})
        self.rng.shuffle(provinces)
        self.provinces = provinces
        self.province_weights = list(accumulate(1 / rank for rank in range(1, len(provinces) + 1)))

    def rows(self, count: int, *, first: int = 1) -> Iterator[dict]:
        rng = self.rng
        low, high = (math.log(bound) for bound in BENEFIT_RANGE_VND)
        for number in range(first, first + count):
            base = rng.choice(self.demo)
            peers = self.by_sector[base["sector"]]
            paragraphs = [
                self.sections[id(rng.choice(peers))][position] or self.sections[id(base)][position]
                for position in range(3)
            ]
            body = "\n\n".join(
                f"{label}{text}" for label, text in zip(SECTIONS, paragraphs, strict=True) if text
            )
            title = base["title"]
            if rng.random() < 0.7:
                title = f"{title} tại {rng.choice(PLACES)} {rng.randrange(1, 40)}"
            phase = 0 if rng.random() < FIRST_PHASE_SHARE else 1
            start, end = PHASES[phase]
            recognised = start + timedelta(days=rng.randrange((end - start).days + 1))
            benefit = ""
            if rng.random() >= UNQUANTIFIED_SHARE:
                benefit = str(int(math.exp(rng.uniform(low, high))))
            yield {
                "external_id": f"GEN-{number:07d}",
                "title": title,
                "summary": base["summary"],
                "body": body,
                "authors": ";".join(self._name() for _ in range(rng.randint(1, 4))),
                "unit": rng.choice(self.units),
                "province": rng.choices(self.provinces, cum_weights=self.province_weights)[0],
                "sector": base["sector"],
                "recognised_on": recognised.isoformat(),
                "benefit_vnd": benefit,
                "benefit_note": base.get("benefit_note") or "",
                "tags": ";".join(base.get("tags") or ()),
            }

    def _name(self) -> str:
        rng = self.rng
        return f"{rng.choice(self.family)} {rng.choice(self.middle)} {rng.choice(self.given)}"


def _sections(body: str) -> list[str]:
    """The problem, solution and result paragraphs of a demo body ("" where missing)."""
    found = ["", "", ""]
    for paragraph in body.split("\n\n"):
        for position, label in enumerate(SECTIONS):
            if paragraph.startswith(label):
                found[position] = paragraph[len(label) :]
    return found


def write_import_file(path: Path, *, rows: int, seed: int = 7, first: int = 1) -> int:
    """A CSV file of `rows` generated initiatives, as `import_initiatives` reads it;
    returns its size in bytes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(Corpus(seed=seed).rows(rows, first=first))
    return path.stat().st_size
