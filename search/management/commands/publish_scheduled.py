from django.db import transaction
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled


class Command(WagtailPublishScheduled):
    """Wagtail's scheduled publishing, run in one transaction.

    Publishing records its search-index change through a signal. Outside a
    transaction, a crash between the page's commit and the change's would leave
    a live page the search never hears about. A failed run publishes nothing and
    the next run (cron) retries it all.
    """

    help = WagtailPublishScheduled.help

    def handle(self, *args, **options):
        with transaction.atomic():
            return super().handle(*args, **options)
