import datetime

import factory
import wagtail_factories

from showcase.models import InitiativePage, Province, Sector


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


class InitiativePageFactory(wagtail_factories.PageFactory):
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

    # Empty, so that the page generates its own ASCII slug from the title.
    slug = ""

    class Meta:
        model = InitiativePage
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
