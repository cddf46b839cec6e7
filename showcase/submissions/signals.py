"""A submitted initiative's moderation happens in Wagtail's workflow; its outcome reaches
the submission (status, files, mail) here, in the transaction of the decision."""

from wagtail.signals import workflow_approved, workflow_rejected

from .models import Submission
from .services import submission_approved, submission_rejected


def _submission_of(workflow_state) -> Submission | None:
    return Submission.objects.filter(page_id=workflow_state.object_id).first()


def on_workflow_approved(sender, instance, user=None, **kwargs):
    submission = _submission_of(instance)
    if submission is not None and submission.status != Submission.Status.MERGED:
        submission_approved(submission=submission, user=user)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    submission = _submission_of(instance)
    if submission is not None and submission.status != Submission.Status.MERGED:
        task_state = instance.current_task_state
        reason = (task_state.get_comment() if task_state else "") or ""
        submission_rejected(submission=submission, user=user, reason=reason)


def connect() -> None:
    workflow_approved.connect(on_workflow_approved, dispatch_uid="submission-approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="submission-rejected")
