from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_param(context, name: str, value) -> str:
    """The current query string with `value` added to or removed from `name`; back to page 1."""
    params = context["request"].GET.copy()
    values = params.getlist(name)
    value = str(value)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    params.setlist(name, values)
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def with_params(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one); page 1."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            params.pop(name, None)
        else:
            params[name] = value
    return f"?{params.urlencode()}"
