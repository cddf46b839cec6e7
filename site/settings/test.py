"""Test settings: the dev defaults plus fast hashing and isolated files."""

import os
import tempfile
import uuid

os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="mtsk-media-"))
os.environ.setdefault("SEARCH_INDEX_DIR", tempfile.mkdtemp(prefix="mtsk-index-"))
os.environ.setdefault("SEARCH_SYNC", "off")
# Tests look at pages as they are made; tests/test_page_cache.py turns the cache on.
os.environ.setdefault("PAGE_CACHE", "false")
os.environ.setdefault("SUBMISSION_FILES_ROOT", tempfile.mkdtemp(prefix="mtsk-private-"))
# Each test process counts its rate limits apart from the others and from earlier runs.
os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{uuid.uuid4().hex[:12]}")

from .dev import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
