import datetime

import factory

from news.models import NewsArticlePage
from tests.page_factories import PublishedPageFactory


class NewsArticlePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Tin phong trào số {n}")
    lead = "Công nhân một nhà máy vừa được tôn vinh nhờ sáng kiến tiết kiệm điện."
    author = "Phóng viên Minh Anh"
    published_on = factory.Sequence(
        lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(days=n)
    )
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", "<p>Sáng kiến giúp phân xưởng tiết kiệm hàng trăm triệu đồng.</p>"),
            (
                "quote",
                {"text": "Ý tưởng đến từ chính công việc hằng ngày.", "attribution": "Anh Hùng"},
            ),
        ]
    )

    class Meta:
        model = NewsArticlePage
