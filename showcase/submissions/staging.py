"""Files that passed their checks in a form sent back for corrections wait in the private
storage, so the worker does not have to choose them again: the form carries a signed
token per file, and the next post takes the files back from it. Tokens expire after a
day; `manage.py submission_files --sweep` removes what was never sent."""

import posixpath
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile

from showcase.uploads import CleanUpload

from .models import private_storage

SALT = "submissions.staged-file"
MAX_AGE_SECONDS = 24 * 60 * 60
STAGING_DIR = "staging"


@dataclass(frozen=True)
class StagedFile:
    token: str
    upload: CleanUpload


def stage(upload: CleanUpload) -> StagedFile:
    name = private_storage().save(
        f"{STAGING_DIR}/{uuid.uuid4().hex}/{upload.name}", ContentFile(upload.content)
    )
    token = signing.dumps(
        {
            "path": name,
            "kind": upload.kind,
            "type": upload.content_type,
            "size": [upload.width, upload.height],
        },
        salt=SALT,
        compress=True,
    )
    return StagedFile(token=token, upload=upload)


def unstage(token: str) -> StagedFile | None:
    """The file behind a token from the form; None if the token was tampered with, has
    expired, or its file is gone."""
    try:
        meta = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
        path = meta["path"]
        if not path.startswith(f"{STAGING_DIR}/"):
            return None
        with private_storage().open(path, "rb") as file:
            content = file.read()
    except (signing.BadSignature, KeyError, TypeError, OSError):
        return None
    width, height = meta.get("size") or (None, None)
    upload = CleanUpload(
        content=content,
        name=posixpath.basename(path),
        content_type=meta["type"],
        kind=meta["kind"],
        width=width,
        height=height,
    )
    return StagedFile(token=token, upload=upload)


def discard(staged: list[StagedFile]) -> None:
    storage = private_storage()
    for item in staged:
        path = signing.loads(item.token, salt=SALT)["path"]
        storage.delete(path)
        folder = posixpath.dirname(path)
        if not storage.listdir(folder)[1]:
            storage.delete(folder)
