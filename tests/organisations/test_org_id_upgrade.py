"""Migration 0017 on a database that already holds duplicate org-ids."""

import os
import subprocess
import sys
from pathlib import Path


def test_upgrading_with_duplicate_org_ids_keeps_the_oldest_and_opens_a_dispute_for_each_later_one(
    tmp_path,
):
    """The scenario in tests/organisations/org_id_upgrade.py, in a process and database of its
    own."""
    database = tmp_path / "upgrade.sqlite3"
    database.touch()  # an empty database: Shoal's SQLite backend never makes a missing file
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.organisations.org_id_upgrade"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "org-id upgrade passed" in result.stdout
