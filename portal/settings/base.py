"""Settings shared by every environment.

Every value that differs between machines comes from the environment (or a ``.env``
file beside ``manage.py``) through django-environ, with defaults that work on one
machine with nothing else running: SQLite, a local-memory cache and console email.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from wagtail.embeds.oembed_providers import soundcloud, spotify, vimeo, youtube

from portal.search_backends import search_backends
from portal.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-shoal-development-only-key")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "home",
    "consortium",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before everything that reads the session or writes the Content-Security-Policy: a hit
    # skips them all (portal.page_cache explains the rules).
    "portal.page_cache.PageCacheMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff set up a second factor before the admin opens, and confirm who
    # they are before changing anyone's roles (portal.staff_security).
    "portal.staff_security.StaffSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Wagtail site and its home page from the cache, not two queries a request.
    "portal.repeated.CachedSiteMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database
# (postgres://user:pass@host:5432/name uses psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# Django's SQLite backend, except that a missing database file is an error rather than a new
# empty database; `manage.py migrate` still creates one (portal/databases/sqlite3).
SQLITE_ENGINE = "portal.databases.sqlite3"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = SQLITE_ENGINE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://shoal")}
# Sessions are read from the cache and written through to the database: one query fewer on
# every signed-in page, and nothing lost when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# What every page repeats (the site, settings, menus: portal.repeated) is cached, keyed on the
# content generation (portal.caching). CONTENT_CACHE=off reads it afresh on every request.
CONTENT_CACHE = env.bool("CONTENT_CACHE", default=True)

# Whole pages for anonymous visitors (portal.page_cache), keyed on the content generation
# (portal.caching), so publishing shows at once. PAGE_CACHE=off switches it off (the
# benchmark's uncached runs). Local memory is per process: production turns the page cache
# off unless CACHE_URL names a shared cache such as Redis (see portal/settings/production.py).
PAGE_CACHE = env("PAGE_CACHE", default="on").strip().lower() not in {"off", "false", "0", "no"}
# How long a stored page lives at most: also how late time-dependent wording may be.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/accounts/",
    "/members/",
    "/documents/",
    "/healthz/",
    "/readyz/",
    "/static/",
    "/media/",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
# Pages an editor restricts to signed-in people send visitors to the site's own sign-in
# page, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/members/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = env("STATIC_URL", default="/static/")
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "static_root")))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Uploads: MEDIA_ROOT on this machine, or an S3-compatible bucket (MEDIA_STORAGE=s3, AWS_*).
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Whether the application itself answers MEDIA_URL (portal.views.media): on in dev and
# production settings, off where a web server or object storage serves the uploads.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
# Where `manage.py backup` (make backup) puts its dated folders (portal/backups.py).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "backups")))

# Email: console output by default; set EMAIL_URL (smtp+tls://user:pass@host:587) for real mail.
vars().update(env.email("EMAIL_URL", default="consolemail://"))
# A mail server that stops answering must not hold the background worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# A failed email is tried again by the background worker: after EMAIL_RETRY_FIRST_DELAY
# seconds, then twice as long each time, at most EMAIL_SEND_ATTEMPTS times in all
# (consortium.notifications.tasks; docs/operators/failures.md).
EMAIL_SEND_ATTEMPTS = env.int("EMAIL_SEND_ATTEMPTS", default=10)
EMAIL_RETRY_FIRST_DELAY = env.int("EMAIL_RETRY_FIRST_DELAY", default=60)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Shoal <noreply@shoal.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Wagtail
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Shoal")
# The site's public address: emails link to it, and `manage.py configure_site` gives the
# Wagtail Site its hostname and port (canonical links, og:url, the sitemap). SITE_URL names
# it; WAGTAILADMIN_BASE_URL, Wagtail's own name, is read too and wins if both are set. The
# default is the address `make run` serves (HOST and PORT in the Makefile, which passes
# SITE_URL to every manage.py it runs); a SITE_URL line in .env reaches the commands run by
# hand as well. Production requires it (portal/settings/production.py).
WAGTAILADMIN_BASE_URL = (
    env("WAGTAILADMIN_BASE_URL", default="")
    or env("SITE_URL", default="")
    or "http://127.0.0.1:8000"
).rstrip("/")
# Wagtail's database backend unless SEARCH_URL names Elasticsearch or OpenSearch.
WAGTAILSEARCH_BACKENDS = search_backends(env("SEARCH_URL", default=""))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# A PDF must also open in a PDF reader (home/documents.py), as members' uploads must.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.documents.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# UK day-first dates in the admin's date pickers: with Wagtail's ISO default, the picker threw
# away "10/12/2026 14:00" typed by an editor and put the current time in its place.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Security headers, sent in every environment so that the tests see what production sends.
# Content-Security-Policy (django-csp): the public site runs only its own scripts, plus an
# inline one where it carries the request's nonce ({{ request.csp_nonce }}).
# Embeds are limited to the providers whose players the policy lets into frames, so an
# editor who pastes another site's address is told so on the form, not shown a blocked frame.
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [youtube, vimeo, soundcloud, spotify],
    }
]
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://w.soundcloud.com",
    "https://open.spotify.com",
]
# Static and media files may come from another origin (a CDN, object storage). Only the
# static origin may serve scripts and styles: media holds files that people upload.
_STATIC_ORIGINS = [f"{url.scheme}://{url.netloc}" for url in [urlsplit(STATIC_URL)] if url.netloc]
_ASSET_ORIGINS = sorted(
    {f"{url.scheme}://{url.netloc}" for url in map(urlsplit, [MEDIA_URL, STATIC_URL]) if url.netloc}
)
# An optional small map on a listing's page (portal/static/shoal/map.js): an OSM-style tile
# address with {z}, {x} and {y}, such as https://tile.example.org/{z}/{x}/{y}.png. Unset (the
# default): no map, and no request to any tile server. Its origin joins img-src below.
SHOAL_MAP_TILE_URL = env("SHOAL_MAP_TILE_URL", default="")
SHOAL_MAP_ATTRIBUTION = env("SHOAL_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
_TILE_ORIGINS = [
    f"{url.scheme}://{url.netloc}" for url in [urlsplit(SHOAL_MAP_TILE_URL)] if url.netloc
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *_STATIC_ORIGINS],
        "style-src": [SELF, *_STATIC_ORIGINS],
        "img-src": [SELF, "data:", *_ASSET_ORIGINS, *_TILE_ORIGINS],
        "media-src": [SELF, *_ASSET_ORIGINS],
        "font-src": [SELF, *_STATIC_ORIGINS],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The Wagtail admin (and pages previewed inside it) gets its own, looser policy, applied by
# portal.middleware to these paths only. Wagtail 8 still writes inline <script>s (inline
# panels, date pickers, chooser modals; wagtail/wagtail#1288) and inline styles, which no
# nonce can reach, so the admin allows inline scripts without one (a nonce would disable
# 'unsafe-inline'). Image uploads are previewed from blob: URLs, the live preview is a
# same-origin frame, and the dashboard asks releases.wagtail.org for new versions.
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'", *_STATIC_ORIGINS],
        "style-src": [SELF, "'unsafe-inline'", *_STATIC_ORIGINS],
        "img-src": [SELF, "data:", "blob:", *_ASSET_ORIGINS],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "frame-ancestors": [SELF],
    },
}
# No Gravatar avatars in the admin: they would tell a third party which staff sign in, and
# would need gravatar.com in the admin's img-src. Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Permissions-Policy (django-permissions-policy): switch off the browser features the site
# never uses, for it and for anything it frames. Fullscreen, autoplay, encrypted media and
# picture-in-picture keep their defaults so embedded players work. Only features chromium
# recognises are listed: it logs an error for every unknown one.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Sign-in throttling (django-axes) and password-reset limits. Axes counts wrong passwords per
# username and IP address together, so one person's mistakes elsewhere do not lock a real user
# out; and, with a higher limit, per username from every address, so guessing from many
# addresses is stopped too. Lockouts end by itself after the cool-off. Password-reset counts are
# rows in the database, shared by every process. See docs/operators/throttling.md.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes asks
# Axes's backend goes first so that a locked-out sign-in is refused before any password check;
# allauth's backend will go after it, and axes reads allauth's credentials too. AxesBackend
# (not AxesStandaloneBackend) can also load users, as code that takes the first backend to
# sign someone in expects (Wagtail's page test helpers do).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env.int("SIGN_IN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ACCOUNT_ATTEMPTS = env.int("SIGN_IN_ACCOUNT_ATTEMPTS", default=20)
AXES_HANDLER = "portal.throttling.SignInHandler"  # adds the per-account limit
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it, so "wait 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "portal.throttling.sign_in_name"
AXES_CLIENT_IP_CALLABLE = "portal.throttling.client_ip_address"
AXES_LOCKOUT_CALLABLE = "portal.throttling.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not a log of every sign-in
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, use the
# connection's address). Never more than there really are: the rest of the header is forgeable.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
PASSWORD_RESET_REQUESTS = env.int("PASSWORD_RESET_REQUESTS", default=5)
PASSWORD_RESET_WINDOW = timedelta(minutes=env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60))

# Accounts for members and volunteers (django-allauth): sign up with an email address that
# must be verified before the first sign-in; sign in with a username or that address.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(WAGTAILADMIN_BASE_URL).scheme or "https"
ACCOUNT_ADAPTER = "consortium.members.accounts.AccountAdapter"
# Every allauth page renders its form the GOV.UK way (portal.forms.GovukFormMixin).
ACCOUNT_FORMS = {
    "login": "portal.forms.SignInForm",
    "signup": "consortium.members.accounts.SignupForm",
    "reset_password": "portal.forms.PasswordResetForm",
    "reset_password_from_key": "portal.forms.SetPasswordForm",
    "change_password": "portal.forms.PasswordChangeForm",
    "set_password": "portal.forms.FirstPasswordForm",
    "add_email": "portal.forms.AddEmailForm",
    "reauthenticate": "portal.forms.ReauthenticateForm",
}
# Wrong passwords are counted by django-axes and reset emails by portal.throttling (above),
# so allauth's own limits for those two are off: one limit, one message, one setting each.
# Codes asked for after the password (two-factor authentication) are limited per person by
# portal.mfa, since axes never sees them and allauth's own limit for them is "login_failed".
MFA_CODE_ATTEMPTS = env.int("MFA_CODE_ATTEMPTS", default=5)
MFA_CODE_WINDOW = timedelta(minutes=env.int("MFA_CODE_WINDOW_MINUTES", default=5))
ACCOUNT_RATE_LIMITS = {"login_failed": None, "reset_password": None}
# A reset asked for an unknown address sends nothing (as before allauth), so the form
# cannot be used to send mail to strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Adding or changing an email address asks for the password again (or a second factor) when
# the last time the person proved who they are is older than the timeout: a hijacked session
# cannot add an address, confirm it and reset the password. Changing a password asks for the
# old one anyway; two-factor changes and staff role changes (portal.staff_security) ask too.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_SECONDS", default=300)

# Two-factor authentication (allauth.mfa, pages under /accounts/2fa/): an authenticator app
# (TOTP), passkeys and security keys (WebAuthn) and single-use recovery codes. Every member
# may switch it on. Anyone who can reach the Wagtail admin must have it before any admin page
# opens when STAFF_MFA_REQUIRED is on (portal.staff_security): on by default in production
# settings, off here so that `make run`'s demo staff accounts sign in with a password alone.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Passkeys are a second factor after the password, not a way to skip it: sign-in stays one
# form, throttled by django-axes.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
MFA_ADAPTER = "portal.mfa.MFAAdapter"
MFA_FORMS = {
    "authenticate": "portal.mfa.AuthenticateForm",
    "reauthenticate": "portal.mfa.ReauthenticateForm",
    "activate_totp": "portal.mfa.ActivateTOTPForm",
    "deactivate_totp": "portal.mfa.DeactivateTOTPForm",
    "generate_recovery_codes": "portal.mfa.GenerateRecoveryCodesForm",
    "add_webauthn": "portal.mfa.AddWebAuthnForm",
    "edit_webauthn": "portal.mfa.EditWebAuthnForm",
}
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)

# Background work (django-tasks): emails leave the request through a task. Development and
# tests run tasks at once; production queues them in the database (django-tasks-db) for
# `manage.py db_worker` to run. TASK_BACKEND names the backend class.
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# The models that link forum and cluster pages to their member organisations: the members'
# area reads them (consortium.groups) to know which organisations share a group.
SHOAL_GROUP_LINK_MODELS = ["home.ForumMember", "home.ClusterMember"]
# Survey answers sent while signed in: the members' area gives them in "Download your data"
# and deletes them with the account (consortium.members.personal_data and .erasure).
SHOAL_SURVEY_SUBMISSION_MODEL = "home.SurveySubmission"

# Awarded joint bids are published as 360Giving grants; each grant's identifier is this
# prefix and the bid's number. Register your own prefix with 360Giving before publishing.
SHOAL_360GIVING_PREFIX = env("SHOAL_360GIVING_PREFIX", default="360G-shoal-")
# Contract awards are published as OCDS releases; a tender imported from an OCDS file keeps its
# own OCID, any other gets this prefix and the bid's number. Register your prefix with the
# Open Contracting Partnership (it looks like "ocds-ab12cd-") before publishing.
SHOAL_OCID_PREFIX = env("SHOAL_OCID_PREFIX", default="ocds-shoal-")
