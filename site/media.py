"""Uploads served by the application, when no proxy serves them (`SERVE_MEDIA`)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Wagtail names each rendition after its source file and its filter, and a replaced
# picture is stored under a new name: a rendition's address never shows other content.
RENDITIONS = "images/"
# Documents go out through Wagtail's /documents/ view, which applies their collection's
# privacy; their files are never served by address.
DOCUMENTS = "documents/"
RENDITION_LIFETIME = 365 * 24 * 60 * 60
ORIGINAL_LIFETIME = 24 * 60 * 60


def serve_media(request, path: str):
    """A file under MEDIA_ROOT, with Last-Modified (and 304s) from Django's static view,
    renditions cached for a year and other uploads for a day."""
    if path.startswith(DOCUMENTS):
        raise Http404("Tài liệu được tải qua /documents/.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(RENDITIONS):
        response["Cache-Control"] = f"public, max-age={RENDITION_LIFETIME}, immutable"
    else:
        response["Cache-Control"] = f"public, max-age={ORIGINAL_LIFETIME}"
    return response
