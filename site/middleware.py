from django.db import transaction

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class AtomicWritesMiddleware:
    """Run the view of every state-changing request in one database transaction.

    A page published in the admin and the search-index change it records then
    commit together or not at all. The view itself is wrapped (as Django's
    ATOMIC_REQUESTS does), because an exception is turned into a response before
    it would reach a transaction opened around the middleware chain. Reads stay
    outside transactions, which keeps SQLite's single writer free.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        with transaction.atomic():
            page_id = view_kwargs.get("page_id")
            if isinstance(page_id, int):
                page_lock_for_edit(page_id=page_id)
            return view_func(request, *view_args, **view_kwargs)


def page_lock_for_edit(*, page_id: int) -> None:
    """Make the admin's writes to one page wait for each other, until the transaction ends.

    Wagtail checks that an autosave is not about to overwrite a newer revision
    before it saves, but nothing stops a publish from committing in between. On
    PostgreSQL an autosave still in flight when the editor clicks "publish" then
    wrote back the page as it was read, unpublished. Holding the page's row lock
    from the start of the request makes the autosave wait and then see the
    publish, and refuse. SQLite's write transactions already run one at a time.
    """
    from wagtail.models import Page

    list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk", flat=True))
