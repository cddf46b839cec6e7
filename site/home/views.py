import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

# How long a reader is asked to wait while the database cannot be reached: about the
# time PostgreSQL takes to restart.
DATABASE_RETRY_AFTER = 30
API_UNAVAILABLE = "Dịch vụ tạm thời gián đoạn, vui lòng thử lại sau ít phút."
API_SERVER_ERROR = "Lỗi máy chủ; lỗi đã được ghi lại để kỹ thuật viên xử lý."


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 with Retry-After while the database cannot be reached (stopped or
    restarting): an outage to wait out rather than a fault, for readers, proxies and
    crawlers alike. Django calls this while handling the error, which sys.exc_info()
    gives. Rendered without the request context: whatever failed may be what the
    context needs."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    if request.path.startswith("/api/"):
        message = API_UNAVAILABLE if unavailable else API_SERVER_ERROR
        response = JsonResponse({"error": message}, status=503 if unavailable else 500)
    elif unavailable:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    else:
        return HttpResponseServerError(loader.get_template("500.html").render())
    if unavailable:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response
