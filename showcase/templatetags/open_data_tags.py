"""The "Tải về: CSV · JSON · Excel" links of a filtered listing."""

from django import template
from django.urls import reverse

from showcase.exports import FORMATS

register = template.Library()

LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "Excel"}
# The view's pages, not its filters: a download carries every page.
PAGING = ("page", "page_size")


@register.inclusion_tag("components/download_links.html", takes_context=True)
def download_links(context, view_name: str, label: str = "Tải về"):
    params = context["request"].GET.copy()
    for name in PAGING:
        params.pop(name, None)
    if view_name == "search_download":
        params["type"] = "initiative"
    query = params.urlencode()
    return {
        "label": label,
        "links": [
            {
                "format": fmt,
                "label": LABELS[fmt],
                "url": reverse(view_name, kwargs={"fmt": fmt}) + (f"?{query}" if query else ""),
            }
            for fmt in FORMATS
        ],
    }
