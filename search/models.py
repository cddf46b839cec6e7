import re

from django.core.exceptions import ValidationError
from django.db import models

SYNONYM_SEPARATOR = re.compile(r"[,;\n]")


class IndexChange(models.Model):
    """A change the search engine has yet to receive (transactional outbox).

    Rows are written in the same transaction as the content change and deleted
    only after the engine has committed them, so a crash, an engine that is
    down or a second web process loses nothing: the rows wait and are replayed
    in order.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", "Cập nhật"
        DELETE = "delete", "Xóa"

    doc_type = models.CharField("loại", max_length=20)
    object_id = models.PositiveBigIntegerField("mã đối tượng")
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    created_at = models.DateTimeField("lúc ghi", auto_now_add=True)

    class Meta:
        ordering = ["id"]
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
