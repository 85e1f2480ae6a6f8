"""Where uploaded media is kept, chosen by the environment (``MEDIA_STORAGE``).

``local`` (the default) keeps files in ``MEDIA_ROOT`` on this machine: right for one server,
or for several that share that folder (NFS, a shared volume). ``s3`` keeps them in an
S3-compatible bucket (AWS, MinIO, Ceph, Scaleway, OVH...) through django-storages, so any
number of application servers share them. The bucket stays private: links to files are signed
and expire, unless ``AWS_QUERYSTRING_AUTH=false`` for a public bucket.
"""

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Environment variable -> S3Storage option, read as text unless named in _S3_BOOLEANS.
_S3_OPTIONS = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
    "AWS_S3_CUSTOM_DOMAIN": "custom_domain",
    "AWS_LOCATION": "location",
    "AWS_QUERYSTRING_AUTH": "querystring_auth",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
}
_S3_BOOLEANS = {"AWS_QUERYSTRING_AUTH"}


def media_storage(env):
    """The ``STORAGES["default"]`` entry that ``MEDIA_STORAGE`` (and the ``AWS_*``) ask for."""
    kind = env("MEDIA_STORAGE", default="local").strip().lower()
    if kind == "local":
        return dict(LOCAL)
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")
    if not env("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        # A new upload never silently replaces an older file of the same name.
        "file_overwrite": False,
        "default_acl": None,
    }
    for variable, option in _S3_OPTIONS.items():
        if variable in _S3_BOOLEANS:
            if env(variable, default=""):
                options[option] = env.bool(variable)
        elif value := env(variable, default=""):
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
