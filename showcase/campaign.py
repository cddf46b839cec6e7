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


class BenefitRange(models.IntegerChoices):
    """The yearly benefit of one initiative, in ranges ten times apart."""

    UNQUANTIFIED = 0, "Chưa lượng hóa"
    UNDER_10M = 1, "Dưới 10 triệu đồng"
    FROM_10M = 2, "10–100 triệu đồng"
    FROM_100M = 3, "100 triệu – 1 tỷ đồng"
    FROM_1B = 4, "1–10 tỷ đồng"
    FROM_10B = 5, "10–100 tỷ đồng"
    FROM_100B = 6, "Từ 100 tỷ đồng"


# Each quantified range from its lower bound in đồng (included) to the next one's.
BENEFIT_RANGE_FLOORS = {
    BenefitRange.UNDER_10M: 0,
    BenefitRange.FROM_10M: 10_000_000,
    BenefitRange.FROM_100M: 100_000_000,
    BenefitRange.FROM_1B: 1_000_000_000,
    BenefitRange.FROM_10B: 10_000_000_000,
    BenefitRange.FROM_100B: 100_000_000_000,
}


def benefit_range_of(benefit_vnd: int | None) -> BenefitRange:
    if benefit_vnd is None:
        return BenefitRange.UNQUANTIFIED
    return max(
        (bucket for bucket, floor in BENEFIT_RANGE_FLOORS.items() if benefit_vnd >= floor),
        key=BENEFIT_RANGE_FLOORS.get,
    )
