"""The read-only JSON API under /api/v1/ (django-ninja): the instance, its errors and
what every endpoint shares (paging, the query forms).

The content apps register their routers here (`showcase.api`, `news.api`); this layer
never imports them. Query parameters are typed in the signatures for the OpenAPI
description, and validated by Django forms for the messages: the same parameter gets
the same Vietnamese message as on /api/v1/search/ (`search.forms`). Every bad input is a
400 `{"error": "…"}`, an unknown object a 404 of the same shape.
"""

from collections.abc import Callable

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from portal.vnd import format_vnd
from search.paging import MAX_PAGE
from search.query import MAX_PAGE_SIZE

DEFAULT_PAGE_SIZE = 20
API_PREFIX = "/api/v1/"

DESCRIPTION = f"""API chỉ đọc, dữ liệu mở của phong trào “Một triệu sáng kiến”: sáng kiến,
tin tức, tỉnh thành, lĩnh vực, đơn vị thi đua và báo cáo số liệu của đơn vị.

- Chỉ có các trang đã đăng và công khai.
- Danh sách chia trang bằng `page` (từ 1, tối đa {MAX_PAGE}) và `page_size` (tối đa
  {MAX_PAGE_SIZE}); trả về `count`, `page`, `page_size`, `results`. Trang sau trang cuối
  trả về `results` rỗng.
- Bộ lọc dùng cùng tên và giá trị như `/api/v1/search/`: `sector` (đường dẫn lĩnh vực),
  `province` (mã tỉnh, thành phố hay công đoàn ngành), `phase`, `year`, `sort`.
- Tham số sai: mã 400 với `{{"error": "<thông báo>"}}`; không có đối tượng: mã 404.
- Số tiền là số nguyên đồng (`benefit_vnd`) kèm cách viết dễ đọc (`benefit_display`).
- Mỗi câu trả lời có `ETag`: gửi lại `If-None-Match` để nhận 304 khi không có gì thay
  đổi. Câu trả lời lấy từ bộ nhớ đệm còn có `Last-Modified` (lúc câu trả lời được tạo,
  tính theo giây), dùng được với `If-Modified-Since`.
- Giới hạn 120 yêu cầu mỗi phút cho mỗi địa chỉ (quá thì nhận 429 và `Retry-After`).
"""

TAGS = [
    {"name": "Sáng kiến", "description": "Các sáng kiến đã đăng trong thư viện."},
    {"name": "Tin tức", "description": "Bài viết tin tức của chiến dịch."},
    {"name": "Danh mục", "description": "Tỉnh, thành phố, công đoàn ngành và lĩnh vực."},
    {
        "name": "Thi đua",
        "description": "Đơn vị thi đua và số liệu họ báo cáo trong chiến dịch.",
    },
]


class VietnameseJSONRenderer(JSONRenderer):
    """Vietnamese text as it is, not as \\u escapes (as /api/v1/search/ answers)."""

    json_dumps_params = {"ensure_ascii": False}


class EmptyIsAbsentParser(Parser):
    """A query parameter given empty (`?sort=`, `?page=`, what a form sends for a field
    left blank) is absent, as /api/v1/search/ and the forms take it, not a wrong type."""

    def parse_querydict(self, data, list_fields, request):
        values = super().parse_querydict(data, list_fields, request)
        present = {}
        for name, value in values.items():
            if isinstance(value, list):
                value = [item for item in value if item != ""]
            if value not in ("", []):
                present[name] = value
        return present


api = NinjaAPI(
    parser=EmptyIsAbsentParser(),
    title="API dữ liệu mở “Một triệu sáng kiến”",
    version="1",
    description=DESCRIPTION,
    openapi_url="/schema/",
    # Our own page (portal.api_docs), served without scripts from a CDN.
    docs_url=None,
    servers=[{"url": "/", "description": "Máy chủ của trang này"}],
    urls_namespace="api",
    renderer=VietnameseJSONRenderer(),
    openapi_extra={"tags": TAGS, "info": {"license": {"name": "CC BY 4.0"}}},
)


class Error(Schema):
    error: str


class Paged(Schema):
    count: int
    page: int
    page_size: int


# 429: settings.RATE_LIMITS's "api" group (portal.abuse), with Retry-After.
ERRORS = {400: Error, 404: Error, 429: Error}


class ApiError(HttpError):
    """A bad request (or `status`), answered with `message` as the JSON error."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(status, message)


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"error": message}, status=status)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, str(exc), exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "Không tìm thấy.", 404)


# Parameters the forms cannot name (the path's ids): said here in Vietnamese.
_PARAMETER_MESSAGES = {
    "id": "Mã phải là số nguyên dương.",
    "code": "Mã đơn vị không hợp lệ.",
}
# The form that validates each operation's query, by its url name.
_QUERY_FORMS: dict[str, type[forms.Form]] = {}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """The typed parameters ninja rejected, with the message our form gives the same
    parameter (the same as /api/v1/search/'s), else a Vietnamese one by name."""
    names = [str(error["loc"][-1]) for error in exc.errors if error.get("loc")]
    match = getattr(request, "resolver_match", None)
    form_class = _QUERY_FORMS.get(match.url_name) if match else None
    messages = []
    if form_class is not None:
        form = form_class(request.GET)
        if not form.is_valid():
            messages = [str(e) for name in names for e in form.errors.get(name, ())]
    if not messages:
        messages = [
            _PARAMETER_MESSAGES.get(name, f"Giá trị của tham số “{name}” không hợp lệ.")
            for name in dict.fromkeys(names)
        ] or ["Yêu cầu không hợp lệ."]
    return _error(request, " ".join(dict.fromkeys(messages)), 400)


def query_form(url_name: str, form_class: type[forms.Form]) -> None:
    """Name the form that validates the query of the operation `url_name`."""
    _QUERY_FORMS[url_name] = form_class


def validated(form_class: type[forms.Form], request: HttpRequest) -> dict:
    """The cleaned query, or a 400 with the form's Vietnamese messages."""
    form = form_class(request.GET)
    if not form.is_valid():
        raise ApiError(" ".join(str(error) for errors in form.errors.values() for error in errors))
    return form.cleaned_data


def paged(
    queryset,
    *,
    filters: dict,
    item: Callable,
) -> dict:
    """One page of `queryset`, at most MAX_PAGE pages deep (no deep offset scans), each
    row turned into JSON by `item`.

    No Last-Modified from the rows: no column dates what a list stops showing (a page
    unpublished, a province renamed), so a client sending only If-Modified-Since would
    get a stale 304. The ETag covers every change; the page cache adds the moment the
    answer was made (portal.page_cache), which any change it depends on renews."""
    page = filters.get("page") or 1
    size = filters.get("page_size") or DEFAULT_PAGE_SIZE
    count = queryset.order_by().count()
    start = (page - 1) * size
    rows = list(queryset[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": page,
        "page_size": size,
        "results": [item(row) for row in rows],
    }


def money(amount: int | None) -> str | None:
    return format_vnd(amount) if amount is not None else None
