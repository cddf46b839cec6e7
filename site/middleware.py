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
            return view_func(request, *view_args, **view_kwargs)
