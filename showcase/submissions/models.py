"""Initiatives sent in by workers through the public form (/dang-ky-sang-kien/).

A submission is a draft `InitiativePage` in the moderation workflow, plus what the
page must not publish: the submitter's contact, the files waiting for approval, and
the decision. Its reference code lets the submitter follow it without an account.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from showcase.models import InitiativePage, Province, Sector


class PrivateStorage(FileSystemStorage):
    """Where submitted files wait: SUBMISSION_FILES_ROOT, outside MEDIA_ROOT, with no
    URL, so never served. Read from the settings at each use, not once at start."""

    @property
    def base_location(self):
        return settings.SUBMISSION_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class Submission(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Đã nhận, đang chờ duyệt"
        APPROVED = "approved", "Đã duyệt và đăng"
        REJECTED = "rejected", "Chưa được duyệt"
        MERGED = "merged", "Đã gộp vào sáng kiến có sẵn"

    class ContactKind(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        PHONE = "phone", "Điện thoại"

    reference = models.CharField("mã hồ sơ", max_length=16, unique=True, editable=False)
    page = models.OneToOneField(
        InitiativePage,
        verbose_name="trang sáng kiến",
        on_delete=models.SET_NULL,
        null=True,
        related_name="submission",
    )
    # Copied from the page, so the listing and the lookup still read after a merge.
    title = models.CharField("tên sáng kiến", max_length=255)
    province = models.ForeignKey(
        Province, verbose_name="tỉnh, thành phố / ngành", on_delete=models.PROTECT
    )
    sector = models.ForeignKey(Sector, verbose_name="lĩnh vực", on_delete=models.PROTECT)
    # Private: only for the submitter's lookup and mail, never shown on the site.
    contact = models.CharField("liên hệ", max_length=254)
    contact_kind = models.CharField(max_length=5, choices=ContactKind.choices)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    decision_note = models.TextField("lý do / ghi chú quyết định", blank=True)
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        InitiativePage,
        verbose_name="gộp vào",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_submissions",
    )
    created_at = models.DateTimeField("ngày gửi", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "sáng kiến gửi từ trang"
        verbose_name_plural = "sáng kiến gửi từ trang"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="submission_status")]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    @staticmethod
    def reference_from(code: str) -> str:
        """The reference written from its eight characters: "SK-7F3K-9Q2M"."""
        return f"SK-{code[:4]}-{code[4:]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED


class SubmissionFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Ảnh"
        DOCUMENT = "document", "Tài liệu"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to="%Y/%m/", max_length=255)
    name = models.CharField("tên tệp", max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "tệp gửi kèm"
        verbose_name_plural = "tệp gửi kèm"
        ordering = ["kind", "position"]

    def __str__(self):
        return self.name
