import datetime

import factory
import wagtail_factories

from news.models import NewsArticlePage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
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

    # Empty, so that the page generates its own ASCII slug from the title.
    slug = ""

    class Meta:
        model = NewsArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(list(extracted))

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        """Publish as editors do, so the page has a live revision and signals fire."""
        if create and extracted is not False:
            self.save_revision().publish()
