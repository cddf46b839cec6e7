import datetime

import factory

from showcase.models import InitiativePage, Province, Sector
from tests.page_factories import PublishedPageFactory


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


class InitiativePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến số {n}")
    summary = "Cải tiến quy trình giúp tiết kiệm chi phí cho đơn vị."
    authors = "Nguyễn Văn An, Trần Thị Bình"
    unit = "Công ty CP Cơ khí Sông Thao"
    province = factory.LazyFunction(lambda: province("01"))
    sector = factory.LazyFunction(lambda: sector("cong-nghiep"))
    recognised_on = datetime.date(2022, 10, 1)
    benefit_vnd = 450_000_000
    benefit_note = "Tiết kiệm chi phí mỗi năm"
    body = factory.LazyFunction(
        lambda: [
            ("problem", "<p>Máy nén khí chạy không tải nhiều giờ.</p>"),
            ("solution", "<p>Lắp bộ điều khiển tự ngắt.</p>"),
            ("result", "<p>Giảm 18% điện năng.</p>"),
        ]
    )

    class Meta:
        model = InitiativePage
