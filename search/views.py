from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .paging import search_page_of
from .query import SearchResponse
from .service import get_search_service

PAGE_SIZE = 20
SUGGESTION_LIMIT = 8
BENEFIT_RANGES = [
    ("", "", "Mọi mức"),
    ("", "100000000", "Dưới 100 triệu đồng"),
    ("100000000", "1000000000", "100 triệu – 1 tỷ đồng"),
    ("1000000000", "10000000000", "1 – 10 tỷ đồng"),
    ("10000000000", "100000000000", "10 – 100 tỷ đồng"),
    ("100000000000", "", "Trên 100 tỷ đồng"),
]


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _hit_json(hit) -> dict:
    return {
        "type": hit.type,
        "id": hit.id,
        "external_id": hit.external_id,
        "title": hit.title,
        "url": hit.url,
        "snippet_html": hit.snippet_html,
        "province": {"code": hit.province_code, "name": hit.province_name}
        if hit.province_code
        else None,
        "sector": {"slug": hit.sector_slug, "name": hit.sector_name} if hit.sector_slug else None,
        "phase": hit.phase,
        "year": hit.year,
        "benefit_vnd": hit.benefit_vnd,
        "published_at": hit.published_at.isoformat() if hit.published_at else None,
        "partial": hit.partial,
    }


def response_json(response: SearchResponse) -> dict:
    request = response.request
    return {
        "query": request.q,
        "backend": response.backend,
        "degraded": response.degraded,
        "count": response.count,
        "page": request.page,
        "page_size": request.page_size,
        "suggestion": response.suggestion,
        "suggested_filters": [
            {"facet": f.facet, "value": f.value, "label": f.label, "text": f.text}
            for f in response.suggested_filters
        ],
        "results": [_hit_json(hit) for hit in response.hits],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in response.facets.items()
        },
    }


@require_GET
def api_search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _json_error(form.error_text())
    response = get_search_service().search(form.to_request())
    return JsonResponse(response_json(response), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request):
    query = request.GET.get("q", "")
    if len(query) > 200 or "\x00" in query:
        return _json_error("Từ khóa không hợp lệ hoặc dài quá 200 ký tự.")
    suggestions = get_search_service().suggest(query, limit=SUGGESTION_LIMIT)
    return JsonResponse(
        {"query": query, "suggestions": suggestions}, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def search_page(request):
    form = SearchForm(request.GET, default_page_size=PAGE_SIZE)
    context = {
        "form": form,
        "benefit_ranges": BENEFIT_RANGES,
    }
    if not form.is_valid():
        context["form_error"] = form.error_text()
        return render(request, "search/search.html", context, status=400)
    search_request, response, page_obj = search_page_of(get_search_service(), form.to_request())
    context.update(
        {
            "response": response,
            "search": search_request,
            "page_obj": page_obj,
            "selected_sectors": set(search_request.sectors),
            "selected_provinces": set(search_request.provinces),
            # Ranked by relevance, the documents with every word come before those
            # with only some of them: the page shows the two apart.
            "full_hits": [hit for hit in response.hits if not hit.partial],
            "partial_hits": [hit for hit in response.hits if hit.partial],
        }
    )
    return render(request, "search/search.html", context)
