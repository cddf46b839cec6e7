"""Open data: the filtered downloads of the showcase and search views, and the pages
/du-lieu-mo/ (the latest full export) and /du-lieu-mo/tu-dien-du-lieu/ (its fields)."""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from search.forms import SearchForm
from search.service import get_search_service

from .exports import (
    CONTENT_TYPES,
    DATASET_FILES,
    EXPORT_DIR,
    FIELDS,
    FORMAT_LABELS,
    LICENCE,
    MAX_ROWS,
    WRITERS,
    RowSource,
    latest_manifest,
    row_chunks,
    view_id_chunks,
)
from .forms import InitiativeFilterForm
from .search import INITIATIVE
from .selectors import listing_search_request

FILENAME_STEM = "sang-kien"


def _bad_filter(fmt: str, message: str) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            {"error": message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _download(request, fmt: str, search_request) -> StreamingHttpResponse:
    source = RowSource(address_of=lambda page: page.get_full_url(request))
    chunks = row_chunks(view_id_chunks(get_search_service(), search_request), source)
    response = StreamingHttpResponse(WRITERS[fmt](chunks), content_type=CONTENT_TYPES[fmt])
    filename = f"{FILENAME_STEM}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Rows change with every edit: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


def _format_of(fmt: str) -> str:
    if fmt not in WRITERS:
        raise Http404("Không có định dạng này.")
    return fmt


@require_safe
def showcase_download(request, fmt: str):
    """The showcase listing (/sang-kien/) with the same filters, all its pages."""
    fmt = _format_of(fmt)
    form = InitiativeFilterForm(request.GET)
    # The listing drops a bad filter with a notice; a file has nowhere to show one.
    filters = form.valid_filters()
    if form.errors:
        return _bad_filter(fmt, " ".join(form.error_messages_list()))
    return _download(request, fmt, listing_search_request(filters, page=1, per_page=1))


@require_safe
def search_download(request, fmt: str):
    """The initiatives among the results of /tim-kiem/ with the same parameters."""
    fmt = _format_of(fmt)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _bad_filter(fmt, form.error_text())
    if form.cleaned_data.get("type") not in ("", None, INITIATIVE):
        return _bad_filter(fmt, "Chỉ tải về được sáng kiến: hãy chọn loại kết quả “Sáng kiến”.")
    search_request = form.to_request(with_facets=False)
    return _download(request, fmt, replace(search_request, types=(INITIATIVE,)))


@require_safe
def open_data(request):
    manifest = latest_manifest()
    files = []
    if manifest:
        folder = f"{settings.MEDIA_URL}{EXPORT_DIR}/{manifest['date']}/"
        dataset_names = set(DATASET_FILES.values())
        for resource in manifest["resources"]:
            files.append(
                {
                    "name": resource["path"],
                    "url": folder + resource["path"],
                    "format": FORMAT_LABELS.get(resource["format"], resource["format"].upper()),
                    "size": filesizeformat(resource["bytes"]),
                    "rows": resource["rows"],
                    "sha256": resource["hash"].removeprefix("sha256:"),
                    "is_initiatives": resource["path"] in dataset_names,
                }
            )
        files.append(
            {
                "name": "datapackage.json",
                "url": folder + "datapackage.json",
                "format": "Mô tả gói dữ liệu (Frictionless Data Package)",
                "size": "",
                "rows": None,
                "sha256": "",
                "is_initiatives": False,
            }
        )
    return render(
        request,
        "showcase/open_data.html",
        {
            "manifest": manifest,
            "export_date": _manifest_day(manifest),
            "files": files,
            "licence": LICENCE,
            "max_rows": MAX_ROWS,
        },
    )


def _manifest_day(manifest) -> date | None:
    return date.fromisoformat(manifest["date"]) if manifest else None


@require_safe
def data_dictionary(request):
    return render(
        request,
        "showcase/data_dictionary.html",
        {
            "fields": FIELDS,
            "licence": LICENCE,
            "max_rows": MAX_ROWS,
            "open_data_trail": [{"title": "Dữ liệu mở", "url": reverse("open_data")}],
        },
    )
