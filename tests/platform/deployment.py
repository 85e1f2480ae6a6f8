"""Running manage.py as a deployment would, shared by the deployment tests: the public
address, an environment with production settings, and a command's result."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://portal.example.org"
PUBLIC_HOST = "portal.example.org"


def _environment(**extra):
    """This process's environment without test-only or deployment variables, plus ``extra``."""
    drop = {
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "SERVE_MEDIA",
        "WAGTAILADMIN_BASE_URL",
        "SITE_URL",  # make exports it
        "STAFF_MFA_REQUIRED",
    }
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _production_environment(**extra):
    production = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1",
        "WAGTAILADMIN_BASE_URL": PUBLIC_URL,
    }
    return _environment(**{**production, **extra})


def _manage(*args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _succeeded(result):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result
