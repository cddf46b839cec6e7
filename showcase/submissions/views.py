"""The public pages of submission: the form, its confirmation, the status lookup and the
similar initiatives shown while typing."""

from dataclasses import fields

from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from portal.abuse import HONEYPOT_NAME, over_limit

from .forms import LookupForm, SubmissionForm
from .selectors import similar_initiatives, submission_for_lookup
from .services import SubmissionData, submission_create
from .staging import discard, stage

# Successful submissions per client address, and all attempts (a robot's invalid ones).
SUBMISSIONS_RATE = "5/h"
ATTEMPTS_RATE = "30/h"
LOOKUPS_RATE = "20/h"
SIMILAR_RATE = "600/h"
RECEIVED_SESSION_KEY = "submission_received"
# What the form gives SubmissionData; the contact's kind comes from its cleaning.
_FORM_FIELDS = [field.name for field in fields(SubmissionData) if field.name != "contact_kind"]


def _too_many(request, *, what: str):
    return render(request, "submissions/too_many.html", {"what": what}, status=429)


@require_http_methods(["GET", "POST"])
def submit(request):
    status, kept_files = 200, {}
    if request.method == "POST":
        if over_limit(request, group="submission-attempt", rate=ATTEMPTS_RATE) or over_limit(
            request, group="submission", rate=SUBMISSIONS_RATE, increment=False
        ):
            return _too_many(request, what="gửi sáng kiến")
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            submission = submission_create(
                data=SubmissionData(
                    **{name: data[name] for name in _FORM_FIELDS}, contact_kind=form.contact_kind
                ),
                images=data["images"],
                documents=data["documents"],
            )
            over_limit(request, group="submission", rate=SUBMISSIONS_RATE)
            held = [item for items in form.kept.values() for item in items]
            transaction.on_commit(lambda: discard(held))
            request.session[RECEIVED_SESSION_KEY] = submission.reference
            return redirect("submission_received")
        # A form with errors comes back as a page (200): its errors are the message. Only
        # a filled trap answers 400: people never see it.
        if HONEYPOT_NAME in form.errors:
            status = 400
        else:  # the files that passed wait for the next try
            kept_files = {
                field: form.kept[field] + [stage(upload) for upload in form.passed_uploads[field]]
                for field in form.kept
            }
    else:
        form = SubmissionForm()
    similar = []
    if form.is_bound and HONEYPOT_NAME not in form.errors:
        similar = similar_initiatives(
            title=form.data.get("title", ""), summary=form.data.get("summary", "")
        )
    return render(
        request,
        "submissions/submission_form.html",
        {"form": form, "similar_initiatives": similar, "kept_files": kept_files},
        status=status,
    )


@require_safe
def received(request):
    reference = request.session.get(RECEIVED_SESSION_KEY)
    if reference is None:
        return redirect("submission_form")
    return render(request, "submissions/submission_received.html", {"reference": reference})


@require_http_methods(["GET", "POST"])
def lookup(request):
    submission = None
    if request.method == "POST":
        if over_limit(request, group="submission-lookup", rate=LOOKUPS_RATE):
            return _too_many(request, what="tra cứu hồ sơ")
        form = LookupForm(request.POST)
        if form.is_valid():
            submission = submission_for_lookup(
                reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
            )
            if submission is None:
                form.add_error(
                    None,
                    "Không tìm thấy hồ sơ với mã và thông tin liên hệ này. Hãy kiểm tra lại "
                    "cả hai.",
                )
    else:
        form = LookupForm()
    return render(
        request,
        "submissions/submission_lookup.html",
        {"form": form, "submission": submission},
    )


@require_safe
def similar(request):
    if over_limit(request, group="submission-similar", rate=SIMILAR_RATE):
        return _too_many(request, what="gợi ý sáng kiến tương tự")
    initiatives = similar_initiatives(
        title=request.GET.get("title", "")[:255], summary=request.GET.get("summary", "")[:600]
    )
    return render(
        request, "submissions/similar_initiatives.html", {"similar_initiatives": initiatives}
    )
