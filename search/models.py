from django.db import models


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
