"""The form "Đơn vị tôi đã áp dụng" of an initiative's page, posted to its route
`ap-dung/` (InitiativePage.reuse): recorded and back to the page (post, redirect, get),
or the page again with the form's errors."""

from django.contrib import messages
from django.shortcuts import redirect

from portal.abuse import HONEYPOT_NAME, over_limit

from .forms import InitiativeReuseForm
from .models import InitiativePage
from .selectors import is_union_account
from .services import reuse_record

# Anonymous visitors and accounts that are not a union's, per client address: reuses
# recorded, and every post (a robot's invalid ones too). Union accounts are not limited.
REUSE_RATE = "10/h"
REUSE_ATTEMPTS_RATE = "30/h"
ANCHOR = "#ap-dung"
# Django messages with this tag are shown in the page's reuse section, and only there.
MESSAGE_TAG = "reuse"
PENDING_MESSAGE = "Cảm ơn! Biên tập viên sẽ xác nhận trước khi công bố."
TOO_MANY_MESSAGE = (
    "Bạn đã gửi quá nhiều lần trong một giờ. Để chống gửi tự động, mỗi địa chỉ mạng chỉ "
    "được ghi nhận một số lần mỗi giờ; vui lòng thử lại sau. Nội dung bạn nhập vẫn được giữ."
)


def reuse_post(request, *, initiative: InitiativePage):
    page_url = initiative.get_url(request) or "/"
    if request.method != "POST":
        return redirect(page_url + ANCHOR)
    user = request.user
    limited = not is_union_account(user)
    if limited and (
        over_limit(request, group="reuse-attempt", rate=REUSE_ATTEMPTS_RATE)
        or over_limit(request, group="reuse", rate=REUSE_RATE, increment=False)
    ):
        # Not checked, so not marked wrong: the answers are only given back.
        kept = InitiativeReuseForm(initiative=initiative, user=user)
        kept.initial = {
            name: request.POST.get(name, "") for name in kept.fields if name != HONEYPOT_NAME
        }
        return _page(request, initiative, kept, status=429, too_many=True)
    form = InitiativeReuseForm(request.POST, initiative=initiative, user=user)
    if not form.is_valid():
        return _page(request, initiative, form, status=400)
    reuse = reuse_record(
        initiative=initiative, user=user if user.is_authenticated else None, **form.reuse_data()
    )
    if limited:
        over_limit(request, group="reuse", rate=REUSE_RATE)
    if reuse.is_confirmed:
        text = f"Cảm ơn! Đã ghi nhận {reuse.unit_name} áp dụng sáng kiến này."
    else:
        text = PENDING_MESSAGE
    messages.success(request, text, extra_tags=MESSAGE_TAG)
    return redirect(page_url + ANCHOR)


def _page(request, initiative: InitiativePage, form, *, status: int, too_many: bool = False):
    """The initiative's page with the visitor's input kept in the form."""
    response = initiative.render(
        request,
        context_overrides={
            "reuse_form": form,
            "reuse_error": TOO_MANY_MESSAGE if too_many else "",
        },
    )
    response.status_code = status
    return response
