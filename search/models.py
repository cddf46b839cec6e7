from django.db import models


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
