"""The site's address in development: SITE_URL (or WAGTAILADMIN_BASE_URL) reaches every
manage.py command, so a job run by hand links to the address the site is served at."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.buying.data import make_scheme
from tests.personas import make_personas

ROOT = Path(__file__).resolve().parents[2]
SERVED_AT = "http://127.0.0.1:8080"


def _development(**extra):
    """This process's environment under development settings, with no address of its own
    (an empty WAGTAILADMIN_BASE_URL also hides one in a developer's .env), plus ``extra``."""
    drop = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL", "DATABASE_URL", "EMAIL_URL", "TASK_BACKEND"}
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "WAGTAILADMIN_BASE_URL": "",
        **extra,
    }


def _manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _address(**extra):
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    return _manage("shell", "-v0", "-c", code, env=_development(**extra)).split()[-1]


def test_development_settings_read_the_site_address_from_SITE_URL():
    # The default, what `make run` serves, is tested in tests/platform/test_deployment_settings.py.
    assert _address(SITE_URL=f"{SERVED_AT}/") == SERVED_AT


def _database_url():
    """The test database, as DATABASE_URL names it for another process."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    return (
        f"postgres://{credentials}{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_run_by_hand_links_to_SITE_URL():
    """`SITE_URL=... manage.py run_buying_jobs`, as a developer runs it: the emails it prints
    (development's console backend) link to that address, not to port 8000."""
    personas = make_personas()
    scheme = make_scheme(personas.organisation)
    output = _manage(
        "run_buying_jobs",
        env=_development(
            SITE_URL=SERVED_AT, DATABASE_URL=_database_url(), EMAIL_URL="consolemail://"
        ),
    )
    assert "Announced 1," in output
    assert f"{SERVED_AT}/joint-buying/{scheme.slug}/" in output
    assert "127.0.0.1:8000" not in output


def test_make_passes_the_site_address_to_every_command(tmp_path):
    """make exports SITE_URL (from HOST and PORT) to its recipes, unless the environment,
    the command line or .env names it (manage.py reads .env itself)."""
    (tmp_path / "Makefile").write_text((ROOT / "Makefile").read_text())

    def seen(*args, env=None):
        show = 'show: ; @echo "[$$SITE_URL]"'
        result = subprocess.run(
            ["make", "-s", "--no-print-directory", "--eval", show, "show", *args],
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {}),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert seen() == "[http://127.0.0.1:8000]"
    assert seen("PORT=8080") == f"[{SERVED_AT}]"
    assert seen(f"SITE_URL={SERVED_AT}") == f"[{SERVED_AT}]"
    assert seen(env={"SITE_URL": "http://shoal.test"}) == "[http://shoal.test]"
    (tmp_path / ".env").write_text(f"SITE_URL={SERVED_AT}\n")
    assert seen("PORT=9000") == "[]"  # left to manage.py, which reads .env
