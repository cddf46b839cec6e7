from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from portal.home.selectors import page_ancestors
from portal.page_cache import depends_on, page_tag
from portal.vnd import format_number, format_vnd

register = template.Library()


@register.filter
def vnd(value):
    """{{ page.benefit_vnd|vnd }} -> "1,2 tỷ đồng"."""
    return format_vnd(value)


@register.filter
def number_vi(value):
    """{{ 697000|number_vi }} -> "697.000"."""
    if value in (None, ""):
        return ""
    return format_number(value)


@register.filter
def percent_vi(value):
    """{{ 150.05|percent_vi }} -> "150,1%"; empty when there is no share to show."""
    if value is None:
        return ""
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def signed_vi(value):
    """{{ 1200|signed_vi }} -> "+1.200"; empty when unknown."""
    if value is None:
        return ""
    return ("+" if value > 0 else "−" if value < 0 else "") + format_number(abs(value))


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_label=None, trail=()):
    """The page's ancestors, or for a page outside the tree: home, the `trail` of
    {"title", "url"} links, then `current_label`."""
    page = page or context.get("page")
    request = context.get("request")
    crumbs = []
    if page is not None:
        crumbs = [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in page_ancestors(request=request, page=page)
        ]
        if page.depth > 2:
            # A view inside the page (a route of it, named by `current_label`) links back.
            crumbs.append(
                {"title": page.title, "url": page.get_url(request) if current_label else None}
            )
        if current_label:
            crumbs.append({"title": current_label, "url": None})
    elif current_label:
        crumbs = [
            {"title": "Trang chủ", "url": "/"},
            *trail,
            {"title": current_label, "url": None},
        ]
    if crumbs:
        crumbs[0]["title"] = "Trang chủ"
    return {"crumbs": crumbs}


@register.simple_tag
def depends_on_page(page) -> str:
    """Marks the response being made as showing `page` (portal.page_cache): a change to
    that page renews it."""
    depends_on(page_tag(page.pk))
    return ""


@register.simple_tag
def js_class_script() -> str:
    """The inline script that marks the page as scripted, whose hash the CSP allows."""
    return mark_safe(f"<script>{settings.JS_CLASS_SCRIPT}</script>")  # noqa: S308 - a constant
