"""Writes for submitted initiatives. Each call is one transaction; files are written
before it and removed again if it fails, so nothing is half-written."""

import hashlib
import io
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from showcase.campaign import RecognitionStatus, phase_for
from showcase.models import (
    InitiativeDocument,
    InitiativeGalleryImage,
    InitiativePage,
    Province,
    Sector,
    ShowcaseIndexPage,
)
from showcase.uploads import CleanUpload

from .models import Submission, SubmissionFile, private_storage

logger = logging.getLogger(__name__)

# Crockford's base 32 without the letters people misread (I, L, O, U).
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class SubmissionData:
    title: str
    summary: str
    problem: str
    solution: str
    result: str
    authors: str
    unit: str
    province: Province
    sector: Sector
    applied_on: date
    benefit_vnd: int | None
    benefit_note: str
    contact: str
    contact_kind: str


def new_reference() -> str:
    """ "SK-7F3K-9Q2M": 40 random bits, unguessable with the lookup's rate limit."""
    while True:
        reference = Submission.reference_from(
            "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
        )
        if not Submission.objects.filter(reference=reference).exists():
            return reference


def _paragraphs(text: str) -> RichText:
    """Plain text typed by the worker as rich text: escaped, one <p> per paragraph."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    html = "".join(
        "<p>" + "<br/>".join(escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
        if block
    )
    return RichText(html)


def _draft_page(data: SubmissionData) -> InitiativePage:
    return InitiativePage(
        title=data.title,
        summary=data.summary,
        body=[
            ("problem", _paragraphs(data.problem)),
            ("solution", _paragraphs(data.solution)),
            ("result", _paragraphs(data.result)),
        ],
        authors=data.authors,
        unit=data.unit,
        province=data.province,
        sector=data.sector,
        recognised_on=None,
        phase=phase_for(data.applied_on),
        year=data.applied_on.year,
        benefit_vnd=data.benefit_vnd,
        benefit_note=data.benefit_note,
        status=RecognitionStatus.REGISTERED,
        live=False,
    )


def _store(uploads: Sequence[CleanUpload]) -> list[tuple[CleanUpload, str]]:
    """Write the files to the private storage; returns each with its stored name."""
    storage = private_storage()
    stored = []
    try:
        for upload in uploads:
            name = f"{timezone.now():%Y/%m}/{upload.name}"
            stored.append((upload, storage.save(name, ContentFile(upload.content))))
    except Exception:
        _remove([name for _, name in stored])
        raise
    return stored


def _remove(names: Sequence[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the sweep (`submission_files --sweep`) removes it later
            logger.exception("Could not remove the submitted file %s", name)


def submission_create(
    *, data: SubmissionData, images: Sequence[CleanUpload], documents: Sequence[CleanUpload]
) -> Submission:
    """Keep the worker's initiative: its files in the private storage, then, in one
    transaction, a draft page submitted to the moderation workflow and the submission
    with its files. If anything fails, the files written are removed and nothing of the
    submission stays; the mail with the reference goes once it is committed."""
    stored = _store([*images, *documents])
    try:
        submission = _create_records(data=data, stored=stored)
    except BaseException:
        _remove([name for _, name in stored])
        raise
    _mail_on_commit(submission, "received", f"Đã nhận sáng kiến {submission.reference}")
    return submission


@transaction.atomic
def _create_records(*, data: SubmissionData, stored: list[tuple[CleanUpload, str]]) -> Submission:
    parent = ShowcaseIndexPage.objects.order_by("path").first()
    page = _draft_page(data)
    parent.add_child(instance=page)
    revision = page.save_revision(log_action=True, clean=False)
    submission = Submission.objects.create(
        reference=new_reference(),
        page=page,
        title=data.title,
        province=data.province,
        sector=data.sector,
        contact=data.contact,
        contact_kind=data.contact_kind,
    )
    positions = {SubmissionFile.Kind.IMAGE: 0, SubmissionFile.Kind.DOCUMENT: 0}
    for upload, name in stored:
        SubmissionFile.objects.create(
            submission=submission,
            kind=upload.kind,
            file=name,
            name=upload.name,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=hashlib.sha256(upload.content).hexdigest(),
            position=positions[upload.kind],
        )
        positions[upload.kind] += 1
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user=None)
    log(
        instance=page,
        action="submissions.received",
        data={"reference": submission.reference, "revision": revision.pk},
    )
    return submission


def _mail_on_commit(submission: Submission, template: str, subject: str) -> None:
    """Mail the submitter (by e-mail only) once the change is committed."""
    if submission.contact_kind == Submission.ContactKind.EMAIL:
        transaction.on_commit(
            lambda: _send(submission, f"submissions/email/{template}.txt", subject)
        )


def _send(submission: Submission, template: str, subject: str) -> None:
    """Mail the submitter; a mail server that fails loses the mail, never the record."""
    body = render_to_string(template, {"submission": submission})
    try:
        send_mail(subject, body, None, [submission.contact])
    except Exception:
        logger.exception("Could not mail submission %s", submission.reference)


# Moderation decisions, taken in Wagtail's workflow (showcase.submissions.signals) ------


def _decide(submission: Submission, *, status: str, user, **fields) -> None:
    """Record a decision on the (locked) submission: its status, who and when, and
    what else the decision sets."""
    changes = {"status": status, "decided_at": timezone.now(), "decided_by": user, **fields}
    for name, value in changes.items():
        setattr(submission, name, value)
    submission.save(update_fields=list(changes))


@transaction.atomic
def submission_approved(*, submission: Submission, user) -> None:
    """The workflow published the page: its files join it (pictures in its gallery,
    documents attached), published again, and the submitter is told."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    page = InitiativePage.objects.get(pk=submission.page_id)
    files = list(submission.files.all())
    if files:
        _attach_files(page=page, files=files, user=user)
        page.save_revision(user=user, log_action=True, clean=False).publish(user=user)
    _decide(submission, status=Submission.Status.APPROVED, user=user, decision_note="")
    log(
        instance=page,
        action="submissions.approved",
        user=user,
        data={"reference": submission.reference},
    )
    _mail_on_commit(submission, "approved", f"Sáng kiến {submission.reference} đã được đăng")


def _attach_files(*, page: InitiativePage, files: list[SubmissionFile], user) -> None:
    images = [file for file in files if file.kind == SubmissionFile.Kind.IMAGE]
    documents = [file for file in files if file.kind == SubmissionFile.Kind.DOCUMENT]
    image_model, document_model = get_image_model(), get_document_model()
    start = page.gallery_images.count()
    for position, file in enumerate(images, start=start):
        with file.file.open("rb") as content:
            image = image_model(
                title=f"{page.title} ({position + 1})",
                file=ImageFile(io.BytesIO(content.read()), name=file.name),
                uploaded_by_user=user,
            )
            image.save()
        page.gallery_images.add(InitiativeGalleryImage(image=image, sort_order=position))
    start = page.documents.count()
    for position, file in enumerate(documents, start=start):
        with file.file.open("rb") as content:
            document = document_model(
                title=file.name,
                file=File(io.BytesIO(content.read()), name=file.name),
                uploaded_by_user=user,
            )
            document.save()
        page.documents.add(InitiativeDocument(document=document, sort_order=position))


@transaction.atomic
def submission_rejected(*, submission: Submission, user, reason: str) -> None:
    """The moderator sent the initiative back: the submitter learns why."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _decide(submission, status=Submission.Status.REJECTED, user=user, decision_note=reason)
    if submission.page_id:
        log(
            instance=submission.page,
            action="submissions.rejected",
            user=user,
            data={"reference": submission.reference, "reason": reason},
        )
    _mail_on_commit(submission, "rejected", f"Sáng kiến {submission.reference} chưa được duyệt")


# Merging a duplicate --------------------------------------------------------------------


class MergeRefused(Exception):
    """A merge that cannot be done, with the reason for the editor."""


@transaction.atomic
def submission_merge(*, submission: Submission, target: InitiativePage, user) -> None:
    """The submitted initiative duplicates `target`: its reuse records move there, its
    address (if it was ever published) redirects there, its page goes, and the
    submitter learns where their idea lives."""
    from showcase.services import initiative_merge

    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.MERGED:
        raise MergeRefused("Hồ sơ này đã được gộp.")
    if not target.live:
        raise MergeRefused("Chỉ gộp được vào một sáng kiến đang đăng.")
    duplicate = InitiativePage.objects.filter(pk=submission.page_id).first()
    if duplicate is not None:
        if duplicate.pk == target.pk:
            raise MergeRefused("Không thể gộp một sáng kiến vào chính nó.")
        workflow_state = duplicate.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        initiative_merge(duplicate=duplicate, target=target, user=user)
    _decide(submission, status=Submission.Status.MERGED, user=user, merged_into=target)
    log(
        instance=target,
        action="submissions.merged",
        user=user,
        data={"reference": submission.reference, "title": submission.title},
    )
    _mail_on_commit(submission, "merged", f"Sáng kiến {submission.reference} đã được gộp")
