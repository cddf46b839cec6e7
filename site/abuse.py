"""The public forms' defences against automated abuse: a honeypot field, and rate limits
per client address counted in the shared cache (django-ratelimit)."""

import ipaddress
import logging

from django import forms
from django.core.exceptions import ValidationError
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

HONEYPOT_NAME = "trang_web"
HONEYPOT_ERROR = "Không gửi được biểu mẫu. Vui lòng tải lại trang và thử lại."


class HoneypotField(forms.CharField):
    """A field people never see (hidden by CSS, skipped by the keyboard and by screen
    readers) and form-filling robots fill in. Render it with
    `components/honeypot_field.html`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Để trống ô này")
        super().__init__(
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            **kwargs,
        )

    def clean(self, value):
        if value:
            raise ValidationError(HONEYPOT_ERROR, code="honeypot")
        return ""


def over_limit(request, *, group: str, rate: str, increment: bool = True) -> bool:
    """Whether the client has used up `rate` ("5/h") for `group`: counting this request
    when `increment`, or, without counting it, whether one more would be too many.
    Unlimited while the cache is unreachable: the form stays usable, and the outage is
    logged."""
    try:
        usage = get_usage(request, group=group, key="ip", rate=rate, increment=increment)
    except RedisError:
        logger.exception("Rate limit %s not counted: the cache is unreachable", group)
        return False
    if usage is None:
        return False
    return usage["should_limit"] if increment else usage["count"] >= usage["limit"]


LOOPBACK = {"127.0.0.1", "::1"}


def client_ip(request) -> str:
    """The client's address: the one the proxy on this machine read off the connection
    (X-Real-IP, docs/deploy.md) when the request came through it, else the peer's own.
    A client talking to the application directly cannot choose its address this way."""
    peer = request.META.get("REMOTE_ADDR", "")
    if peer in LOOPBACK:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no header, or not an address: the peer's own
    return peer
