"""The JSON API's addresses: the content apps' routers on portal.api's instance, its
OpenAPI description at /api/v1/schema/ and the documentation page at /api/v1/docs/."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from news.api import router as news_router
from showcase.api import router as showcase_router

from .api import api

api.add_router("", showcase_router)
api.add_router("", news_router)

_METHODS = ("get", "post", "put", "patch", "delete")


def _parameters(operation: dict, schema: dict) -> list[dict]:
    rows = []
    for parameter in operation.get("parameters", []):
        spec = parameter.get("schema", {})
        kind = spec.get("type") or " | ".join(
            str(option.get("type") or option.get("enum") or "")
            for option in spec.get("anyOf", [])
            if option.get("type") != "null"
        )
        items = spec.get("items") or {}
        if kind == "array":
            kind = f"danh sách {items.get('type', '')}".strip()
        enum = spec.get("enum") or next(
            (option["enum"] for option in spec.get("anyOf", []) if "enum" in option), None
        )
        rows.append(
            {
                "name": parameter["name"],
                "where": {"query": "tham số", "path": "đường dẫn"}.get(parameter["in"], ""),
                "type": kind,
                "required": parameter.get("required", False),
                "values": ", ".join(map(str, enum)) if enum else "",
                "description": parameter.get("description", ""),
            }
        )
    return rows


@require_GET
def api_docs(request):
    """The API's documentation, made from its OpenAPI description: plain HTML, no script."""
    schema = api.get_openapi_schema()
    tags = {tag["name"]: {**tag, "operations": []} for tag in schema.get("tags", [])}
    for url, item in schema["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if not operation:
                continue
            entry = {
                "method": method.upper(),
                "url": url,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": _parameters(operation, schema),
                "statuses": sorted(operation.get("responses", {})),
            }
            for tag in operation.get("tags", ["Khác"]):
                tags.setdefault(tag, {"name": tag, "description": "", "operations": []})
                tags[tag]["operations"].append(entry)
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "tags": list(tags.values()), "schema_url": "/api/v1/schema/"},
    )


urlpatterns = [
    path("api/v1/docs/", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
]
