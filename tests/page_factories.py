import factory
import wagtail_factories


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Pages created the way editors create them: ASCII slug from the title, tags, published."""

    # Empty, so that the page generates its own ASCII slug from the title.
    slug = ""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(list(extracted))

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        """Publish, so the page has a live revision and the publish signals fire."""
        if create and extracted is not False:
            self.save_revision().publish()
