"""Facts about the campaign itself: its two phases and the recognition levels."""

from datetime import date

from django.db import models

PHASES = {
    1: (date(2021, 9, 1), date(2022, 5, 31)),
    2: (date(2022, 6, 1), date(2023, 9, 30)),
}
CAMPAIGN_START = PHASES[1][0]
CAMPAIGN_END = PHASES[2][1]


class Phase(models.IntegerChoices):
    FIRST = 1, "Giai đoạn 1 (9/2021 – 5/2022)"
    SECOND = 2, "Giai đoạn 2 (6/2022 – 9/2023)"


class RecognitionStatus(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký"
    RECOGNISED = "recognised", "Được công nhận cấp cơ sở"
    HONOURED = "honoured", "Được tôn vinh cấp tỉnh, ngành"
    NATIONAL = "national", "Được tôn vinh cấp toàn quốc"


def phase_for(day: date) -> int | None:
    for phase, (start, end) in PHASES.items():
        if start <= day <= end:
            return phase
    return None


def years_of(phase: int) -> range:
    start, end = PHASES[phase]
    return range(start.year, end.year + 1)


CAMPAIGN_YEARS = range(CAMPAIGN_START.year, CAMPAIGN_END.year + 1)
