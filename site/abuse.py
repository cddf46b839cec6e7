"""Defences against automated abuse: a honeypot field for the public forms, and rate limits
per client address counted in the shared cache (django-ratelimit), by the forms themselves
and, for the search page, the API and the admin's login, by `RateLimitMiddleware`."""

import ipaddress
import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
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
    usage = _usage(request, group=group, rate=rate, increment=increment)
    if usage is None:
        return False
    return usage["should_limit"] if increment else usage["count"] >= usage["limit"]


def _usage(request, *, group: str, rate: str, increment: bool) -> dict | None:
    try:
        return get_usage(request, group=group, key="ip", rate=rate, increment=increment)
    except (RedisError, OSError):
        logger.warning("Rate limit %s not counted: the cache is unreachable", group)
        return None


@dataclass(frozen=True)
class RateLimit:
    """At most `rate` requests with one of `methods` under `prefix` per client address;
    past it a 429 with Retry-After, as JSON when `json`."""

    group: str
    prefix: str
    rate: str
    methods: frozenset[str] = frozenset({"GET", "HEAD"})
    json: bool = False


class RateLimitMiddleware:
    """The limits of settings.RATE_LIMITS, the first whose prefix and method match."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limits = [RateLimit(**limit) for limit in settings.RATE_LIMITS]

    def __call__(self, request):
        for limit in self.limits:
            if request.method in limit.methods and request.path_info.startswith(limit.prefix):
                usage = _usage(request, group=limit.group, rate=limit.rate, increment=True)
                if usage is not None and usage["should_limit"]:
                    return too_many_requests(request, retry_after=usage["time_left"], limit=limit)
                break
        return self.get_response(request)


def too_many_requests(request, *, retry_after: int, limit: RateLimit) -> HttpResponse:
    retry_after = max(1, int(retry_after))
    message = f"Quá nhiều yêu cầu từ địa chỉ mạng của bạn. Vui lòng thử lại sau {retry_after} giây."
    if limit.json:
        response = JsonResponse(
            {"error": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# The peers that are the proxy on this machine; "" is a Unix socket's (no address).
LOCAL_PEERS = {"127.0.0.1", "::1", ""}
# Where neither the peer nor the proxy gives an address, all such requests count as one.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a rate-limit key, not an address bound to


def client_ip(request) -> str:
    """The client's address: the one the proxy on this machine read off the connection
    (X-Real-IP, docs/deploy.md) when the request came through it, else the peer's own.
    A client talking to the application directly cannot choose its address this way."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if peer in LOCAL_PEERS:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no header, or not an address: the peer's own
    return peer or UNKNOWN_ADDRESS
