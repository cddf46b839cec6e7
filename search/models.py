import re

from django.core.exceptions import ValidationError
from django.db import models

SYNONYM_SEPARATOR = re.compile(r"[,;\n]")


class IndexChange(models.Model):
    """An object whose index entries the search engines have yet to receive (transactional outbox).

    Rows are written in the same transaction as the content change and deleted
    only after the engines have committed them, so a crash, an engine that is
    down or a second web process loses nothing: the rows wait and are replayed
    in order. One row serves both indexes: the public one (initiatives, news) and
    the one Wagtail's admin searches (every indexed model, drafts included).

    A replay first claims its rows (`claimed_at`), then reads the objects. A
    change recorded while an unclaimed row for the same object waits needs no row
    of its own: that row's replay will read it. A claimed row may already have
    been read, so a change then gets a new row (`search.sync.record_change`).
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", "Cập nhật"
        DELETE = "delete", "Xóa"

    # The model's label ("showcase.initiativepage"); rows written before the admin
    # index existed hold a registered document type's name ("initiative").
    doc_type = models.CharField("loại", max_length=100)
    object_id = models.PositiveBigIntegerField("mã đối tượng")
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    created_at = models.DateTimeField("lúc ghi", auto_now_add=True)
    claimed_at = models.DateTimeField("lúc bắt đầu đưa vào", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["doc_type", "object_id"], name="search_change_object")]
        verbose_name = "thay đổi chờ đưa vào chỉ mục"
        verbose_name_plural = "thay đổi chờ đưa vào chỉ mục"

    def __str__(self) -> str:
        return f"{self.action} {self.doc_type}:{self.object_id}"


class Synonym(models.Model):
    """Words that mean the same to a worker searching, owned by the editors.

    Applied when a query is read, in Python, so both engines agree and a change
    takes effect without rebuilding the index.
    """

    terms = models.TextField(
        "các cách gọi",
        help_text=(
            "Các từ, cụm từ cùng nghĩa, ngăn cách bằng dấu phẩy hoặc chấm phẩy, ví dụ: "
            "COVID-19, SARS-CoV-2, dịch bệnh. Tìm một cách gọi sẽ thấy cả các cách gọi kia, "
            "xếp sau các kết quả đúng từ đã gõ."
        ),
    )
    note = models.CharField("ghi chú", max_length=200, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "nhóm từ đồng nghĩa"
        verbose_name_plural = "từ đồng nghĩa"

    def __str__(self) -> str:
        return ", ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in SYNONYM_SEPARATOR.split(self.terms) if term.strip()]

    def clean(self):
        super().clean()
        if len(self.term_list) < 2:
            raise ValidationError(
                {"terms": "Cần ít nhất hai cách gọi, ngăn cách bằng dấu phẩy hoặc chấm phẩy."}
            )
        too_long = [term for term in self.term_list if len(term) > 80]
        if too_long:
            raise ValidationError({"terms": f"Cách gọi dài quá 80 ký tự: “{too_long[0][:40]}…”."})
