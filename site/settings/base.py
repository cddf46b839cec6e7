"""Settings shared by every environment.

These defaults are the production ones. Every value that differs between
machines is read from the environment here, and only here; `dev.py` and
`test.py` merely supply development defaults before importing this module.
"""

import base64
import hashlib
from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

# Everything the site writes (database, uploads, index, demo logins) lives under here.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
# A kept connection is checked before a request reuses it: after the database restarts,
# the next request reconnects instead of failing on the dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web server, imports) share the file: wait for locks
    # instead of failing, and let readers proceed while one process writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"
# Production serves uploads from the web server; Django serves them only when asked.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Search: one switch selects the engine (embedded tantivy index or Elasticsearch).
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="embedded")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="mtsk")
SEARCH_INDEX_DIR = env.path("SEARCH_INDEX_DIR", default=VAR_DIR / "search-index")
# How index changes reach the engine: "thread" (a background thread per process,
# woken on commit), "immediate" (in the committing thread) or "off" (only the
# `search_sync` and `rebuild_search_index` commands).
SEARCH_SYNC = env.str("SEARCH_SYNC", default="thread")
SEARCH_SYNC_INTERVAL = env.float("SEARCH_SYNC_INTERVAL", default=1.0)

# The cache: whole pages for anonymous readers, and the rate limits' counters. Redis when
# REDIS_URL is set (shared by every process and machine, counters exact); otherwise files
# under VAR_DIR, shared by the processes of this machine (counters approximate).
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="mtsk")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, answering as an empty cache while Redis cannot be reached.
            "BACKEND": "portal.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis costs a request a quarter of a second at most, and
            # the site then leaves it alone for a while (portal.cache_backends).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
# Wagtail writes every rendition it renders to this cache, prefetched or not: in Redis that
# was a round trip for each picture of a page made afresh (a third of its time). It is
# read only for pictures not prefetched with their page; an entry of another process
# outlives a deleted rendition by TIMEOUT at most.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
RATELIMIT_USE_CACHE = "default"
# While the cache cannot count, nobody is limited (and the outage is logged): a stopped
# Redis must not turn every search into a 429.
RATELIMIT_FAIL_OPEN = True
# The client address rate limits count by: REMOTE_ADDR, or the address the proxy on this
# machine passes in X-Real-IP (docs/deploy.md); a header name here reads that one instead.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="portal.abuse.client_ip")
# Whole pages cached for anonymous readers (portal.page_cache).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
# What the pages served by views rather than by Wagtail are made of.
PAGE_CACHE_PATHS = {
    "/tim-kiem/": ("list:initiatives", "list:news", "taxonomy", "site"),
    # The search API and the open-data API (units and their reports: "campaign").
    "/api/v1/": ("list:initiatives", "list:news", "taxonomy", "campaign"),
    "/bang-xep-hang/": ("campaign", "list:initiatives", "taxonomy", "site"),
    "/thong-ke/": ("campaign", "list:initiatives", "taxonomy", "site"),
    # The units' pages are listed too (sitemap-danh-muc.xml): "campaign".
    "/sitemap": ("list:initiatives", "list:news", "campaign", "site"),
    # Feeds: the listings, the names of categories, provinces and sectors, the index pages.
    "/nguon-tin/": ("list:initiatives", "list:news", "taxonomy", "site"),
    "/robots.txt": ("site",),
}
# Per client address (portal.abuse.RateLimitMiddleware): a person searching, paging and
# typing in the autocomplete stays well under these; a script hammering them does not.
# One address often stands for many people (a factory's or a mobile carrier's shared
# address): a minute's limit is that of several busy readers.
RATE_LIMITS = [
    {"group": "api", "prefix": "/api/", "rate": "120/m", "json": True},
    {"group": "search", "prefix": "/tim-kiem/", "rate": "120/m"},
    # A filtered download reads up to 100,000 rows (showcase.exports): a few a minute.
    {"group": "downloads", "prefix": "/du-lieu-mo/tai-ve/", "rate": "20/m"},
    {"group": "admin-login", "prefix": "/admin/login/", "rate": "10/5m", "methods": {"POST"}},
]
# IPv6 clients get a /64 each, so one client cannot rotate through its own addresses.
RATELIMIT_IPV6_MASK = 64

# Mail to submitters (reference codes, moderation decisions); printed unless configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Một triệu sáng kiến <no-reply@localhost>"
)

# Files sent with submitted initiatives wait here, outside MEDIA_ROOT and so never
# served, until an editor approves the initiative.
SUBMISSION_FILES_ROOT = env.path(
    "SUBMISSION_FILES_ROOT", default=VAR_DIR / "private" / "submissions"
)

# Password given to the demo accounts by `load_demo`; random when empty.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "portal.home",
    "portal.images",
    "portal.demo",
    # Initiatives first: their document type is listed first in search (news links to them).
    "showcase",
    "showcase.submissions",
    "news",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # After wagtail.search, whose index handlers it replaces (search/signals.py), and
    # before wagtail, whose publish_scheduled command it overrides.
    "search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    # Outermost: compresses what every other middleware has finished.
    "portal.compression.TextGZipMiddleware",
    # ETag on every full response, and 304 for a reader who has it already.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.headers.SiteCSPMiddleware",
    "portal.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.abuse.RateLimitMiddleware",
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "portal.page_visibility.ViewRestrictionsPerRequestMiddleware",
    "portal.middleware.AtomicWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "search.middleware.SearchSyncMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.home.context_processors.site_navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# Completes Wagtail's own Vietnamese catalogue, which covers only part of the admin.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail's page editor posts many fields for long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security: production defaults. `dev.py` relaxes them for plain-HTTP local use.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The TLS proxy in front (docs/deploy.md) sends plain HTTP to HTTPS; the application
# server listens on the loopback only, where a redirect would only lock out a local
# check. A site served without such a proxy sets SECURE_SSL_REDIRECT=true.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Wagtail's editor shows the live preview of a page in a same-origin frame, which
# X_FRAME_OPTIONS = "DENY" would blank; SAMEORIGIN still blocks every other site.
X_FRAME_OPTIONS = "SAMEORIGIN"
# W008 (SECURE_SSL_REDIRECT off): the proxy redirects, as above.
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W008"]

# Content-Security-Policy: everything from the site itself, no inline script or style,
# nothing framing the site but the site (Wagtail's preview). Pictures may be data: URIs
# (the admin's icons). `portal.headers` adds CSP_ADMIN_ALLOWANCES on /admin/: Wagtail 8's
# admin still runs inline scripts (the page explorer and editor templates, and the
# <script> elements its modal dialogs load with jQuery) and sets style attributes, and
# previews pictures chosen for upload from blob: addresses.
# The site's one inline script, in <head> (templates/base.html, `{% js_class_script %}`):
# it marks the page as scripted before the first paint, so that the parts scripts fold
# (the phone menu) are folded from the start instead of jumping away once the deferred
# scripts run. CSP allows exactly this text, by its hash.
JS_CLASS_SCRIPT = 'document.documentElement.classList.add("js");'
_JS_CLASS_HASH = base64.b64encode(hashlib.sha256(JS_CLASS_SCRIPT.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'sha256-{_JS_CLASS_HASH}'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Replacing, not added to: beside a hash, browsers ignore 'unsafe-inline'.
CSP_ADMIN_ALLOWANCES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
PERMISSIONS_POLICY["fullscreen"] = ["self"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its index updates as immediate tasks and logs each one.
        "django_tasks": {"level": "WARNING"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Một triệu sáng kiến"
WAGTAIL_I18N_ENABLED = False
# The editor's slug preview keeps Vietnamese letters (Wagtail's own ASCII mode drops
# most of them: "điện" -> "in"); pages transliterate them on save (portal/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILIMAGES_IMAGE_MODEL = "images.CampaignImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Wagtail's own search (admin explorer, choosers, Page.objects.search()) runs on the
# engine SEARCH_BACKEND selects, in an index of its own (search/wagtail_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The admin would fetch every editor's avatar from gravatar.com; the site loads nothing remote.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# Outside DEBUG the 404/500 pages come from templates/404.html and 500.html.
PAGE_SIZE_NEWS = 12
PAGE_SIZE_INITIATIVES = 12
