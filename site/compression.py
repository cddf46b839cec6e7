"""Compressed HTML, JSON, XML and CSV responses (static files come compressed already)."""

from django.middleware.gzip import GZipMiddleware

# Pictures, PDFs and archives are compressed formats: gzip would spend time for nothing.
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip, which pads each response against BREACH-style guessing of secrets in
    compressed pages, for textual responses only."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
