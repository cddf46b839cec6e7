"""Keeping the engines in step with the database.

`record_change` writes IndexChange rows inside the caller's transaction, once
per object. `replay_pending` claims them, sends both indexes (the public one and
the admin one Wagtail searches) what the database holds *now* (a page that is no
longer live leaves the public index; a deleted object leaves both), and deletes
the rows only once both engines have committed. Replays are idempotent and
converge whatever their order.
"""

import atexit
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from . import registry
from .admin_index import admin_documents, admin_view, indexed_model, model_label
from .documents import document_key
from .engines.base import EngineUnavailable
from .models import IndexChange

logger = logging.getLogger(__name__)
# Bulk imports queue thousands of changes; each batch is one commit per index.
BATCH_SIZE = 2_000
# A claim older than this belongs to a replay that died; its rows are claimed again.
CLAIM_TIMEOUT = timedelta(minutes=10)
LOOKUP_CHUNK = 500
# Sent once the public index has committed a batch, with `doc_types`: the names of the
# document types it changed. What shows the engine's answers (cached pages) renews.
index_changed = Signal()


def record_change(*, doc_type: str, object_ids, action: str) -> None:
    """Queue the objects' index changes in the caller's transaction, at most once per object.

    A page saved three times in one transaction (tree insert, revision, publish)
    gets one row. A row is only reused while unclaimed: a replay claims its rows
    before it reads the objects, so an unclaimed row will be read after this
    change. On PostgreSQL the reused row stays locked until this transaction ends,
    and a replay skips locked rows; on SQLite write transactions run one at a time.
    """
    ids = list(dict.fromkeys(object_ids))
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        waiting = set()
        for start in range(0, len(ids), LOOKUP_CHUNK):
            waiting.update(
                IndexChange.objects.select_for_update(skip_locked=True)
                .filter(
                    doc_type=doc_type,
                    object_id__in=ids[start : start + LOOKUP_CHUNK],
                    claimed_at__isnull=True,
                )
                .values_list("object_id", flat=True)
            )
        changes = [
            IndexChange(doc_type=doc_type, object_id=pk, action=action)
            for pk in ids
            if pk not in waiting
        ]
        if changes:
            IndexChange.objects.bulk_create(changes)
    if changes:
        transaction.on_commit(kick)


def replay_pending(engine=None, admin_engine=None, *, batch_size: int = BATCH_SIZE) -> int:
    """Send pending changes to both engines; returns how many rows were consumed.

    The engines default to the search service's (`engine` is the public index).
    """
    if engine is None or admin_engine is None:
        from .service import get_search_service

        service = get_search_service()
        engine = engine or service.engine
        admin_engine = admin_engine or service.admin_engine
    consumed = 0
    changes = _claim(batch_size)
    if not changes:
        return 0
    try:
        with engine.writing(), admin_engine.writing():
            while changes:
                _send(changes, engine, admin_engine)
                # Delete exactly what was sent: with concurrent writers, ids do not commit
                # in order.
                IndexChange.objects.filter(id__in=[change.id for change in changes]).delete()
                consumed += len(changes)
                changes = _claim(batch_size)
    except Exception:
        # Unclaimed, the rows are replayed by the next attempt.
        IndexChange.objects.filter(id__in=[change.id for change in changes]).update(claimed_at=None)
        raise
    return consumed


def _claim(batch_size: int) -> list[IndexChange]:
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    with transaction.atomic():
        changes = list(
            IndexChange.objects.select_for_update(skip_locked=True)
            .filter(claimable)
            .order_by("id")[:batch_size]
        )
        IndexChange.objects.filter(id__in=[change.id for change in changes]).update(claimed_at=now)
    return changes


def _send(changes: list[IndexChange], engine, admin_engine) -> None:
    wanted: dict[str, set[int]] = {}
    for change in changes:
        wanted.setdefault(change.doc_type, set()).add(change.object_id)
    public, admin = _Batch(), _Batch()
    for doc_type, ids in wanted.items():
        document_type = registry.document_type(doc_type)
        model = document_type.model if document_type else indexed_model(doc_type)
        if model is None:
            # Nothing indexes this name any more: whatever was indexed under it goes.
            public.deletes += [document_key(doc_type, pk) for pk in ids]
            admin.deletes += [document_key(doc_type, pk) for pk in ids]
            continue
        label = model_label(model)
        if batched := registry.batch_type(model):
            # Each page read and built once for both indexes.
            shown, every = batched.both_documents(ids)
            public.add(batched.name, ids, shown)
            admin.add(label, ids, (admin_view(document, label) for document in every))
            continue
        document_type = document_type or registry.type_for_model(model)
        if document_type:
            public.add(document_type.name, ids, document_type.documents(ids=ids))
        admin.add(label, ids, admin_documents(model, ids=ids))
    admin_engine.apply(upserts=admin.upserts, deletes=admin.deletes)
    engine.apply(upserts=public.upserts, deletes=public.deletes)
    changed = {document.type for document in public.upserts}
    changed.update(key.rpartition(":")[0] for key in public.deletes)
    if changed:
        index_changed.send(sender=_send, doc_types=changed)


class _Batch:
    """What one engine is sent: the documents found, deletions for the ids that were not."""

    def __init__(self):
        self.upserts, self.deletes = [], []

    def add(self, doc_type: str, ids: set[int], documents) -> None:
        found = list(documents)
        self.upserts += found
        present = {document.id for document in found}
        self.deletes += [document_key(doc_type, pk) for pk in ids - present]


class _Replayer:
    """One background thread per process that replays changes soon after they commit.

    At exit the process lets a replay in flight finish (up to `EXIT_WAIT`): a
    replay killed with the process would leave its rows claimed, and so waiting
    for `CLAIM_TIMEOUT`, when the next `search_sync` could send them at once.
    """

    EXIT_WAIT = 30.0

    def __init__(self):
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def kick(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-sync", daemon=True)
                self._thread.start()
                atexit.register(self.stop)
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout=self.EXIT_WAIT)

    def _run(self) -> None:
        interval = settings.SEARCH_SYNC_INTERVAL
        while not self._stopping.is_set():
            self._wake.wait(timeout=interval)
            self._wake.clear()
            try:
                replay_pending()
            except EngineUnavailable as exc:
                logger.warning("Search engine unavailable, changes kept for later: %s", exc)
            except Exception:
                logger.exception("Replaying search index changes failed; will retry")
            finally:
                close_old_connections()


_replayer = _Replayer()


def kick() -> None:
    """Ask for pending changes to be replayed: now in tests, else by the background thread."""
    if settings.SEARCH_SYNC == "immediate":
        try:
            replay_pending()
        except EngineUnavailable as exc:
            logger.warning("Search engine unavailable, changes kept for later: %s", exc)
    elif settings.SEARCH_SYNC == "thread":
        _replayer.kick()
