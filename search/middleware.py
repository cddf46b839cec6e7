from django.conf import settings

from . import sync


class SearchSyncMiddleware:
    """Start this process's replay thread with its first request.

    The thread then polls for changes committed by other processes (imports,
    other web workers) and replays what an earlier crash left behind.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.started = settings.SEARCH_SYNC != "thread"

    def __call__(self, request):
        if not self.started:
            self.started = True
            sync.kick()
        return self.get_response(request)
