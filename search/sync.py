"""Keeping the engine in step with the database.

`record_*` functions write IndexChange rows inside the caller's transaction.
`replay_pending` sends them to the engine in order and deletes them only once
the engine has committed. Whether a row says upsert or delete, the replay
sends what the database holds *now* (a page that is no longer live is deleted
from the engine), so replays are idempotent and converge whatever their order.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction

from . import registry
from .documents import document_key
from .engines.base import EngineUnavailable
from .models import IndexChange

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def record_change(*, doc_type: str, object_ids, action: str) -> None:
    changes = [IndexChange(doc_type=doc_type, object_id=pk, action=action) for pk in object_ids]
    if changes:
        IndexChange.objects.bulk_create(changes)
        transaction.on_commit(kick)


def replay_pending(engine, *, batch_size: int = BATCH_SIZE) -> int:
    """Send pending changes to `engine`; returns how many rows were consumed."""
    consumed = 0
    while True:
        changes = list(IndexChange.objects.order_by("id")[:batch_size])
        if not changes:
            return consumed
        wanted: dict[str, set[int]] = {}
        for change in changes:
            wanted.setdefault(change.doc_type, set()).add(change.object_id)
        upserts, deletes = [], []
        for doc_type, ids in wanted.items():
            document_type = registry.document_type(doc_type)
            found = list(document_type.documents(ids=ids)) if document_type else []
            upserts += found
            live_ids = {document.id for document in found}
            # A type no app registers any more has nothing live: its documents go.
            deletes += [document_key(doc_type, pk) for pk in ids - live_ids]
        engine.apply(upserts=upserts, deletes=deletes)
        # Delete exactly what was sent: with concurrent writers, ids do not commit in order.
        IndexChange.objects.filter(id__in=[change.id for change in changes]).delete()
        consumed += len(changes)


class _Replayer:
    """One background thread per process that replays changes soon after they commit."""

    def __init__(self):
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def kick(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-sync", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        from .service import get_search_service

        interval = settings.SEARCH_SYNC_INTERVAL
        while True:
            self._wake.wait(timeout=interval)
            self._wake.clear()
            try:
                replay_pending(get_search_service().engine)
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
        from .service import get_search_service

        try:
            replay_pending(get_search_service().engine)
        except EngineUnavailable as exc:
            logger.warning("Search engine unavailable, changes kept for later: %s", exc)
    elif settings.SEARCH_SYNC == "thread":
        _replayer.kick()
