"""The guides (docs/, mkdocs.yml) build with `mkdocs build --strict`: no broken link, no page
left out of the menu, every guide page built and every picture they show really there."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# ![alt text](path "optional title"), possibly across lines.
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]+)(?:\s+\"[^\"]*\")?\)", re.S)


def guide_pages():
    return sorted(DOCS.rglob("*.md"))


def built_page(site, page):
    """Where MkDocs writes a page: docs/a/b.md -> site/a/b/index.html (directory URLs)."""
    relative = page.relative_to(DOCS).with_suffix("")
    if relative.name == "index":
        return site / relative.parent / "index.html"
    return site / relative / "index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's notice about MkDocs 2
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


def test_the_guides_build_strictly_into_a_site_with_a_home_page(site):
    assert (site / "index.html").is_file()
    assert "Shoal" in (site / "index.html").read_text(encoding="utf-8")


def test_every_guide_page_is_built(site):
    missing = [str(p.relative_to(DOCS)) for p in guide_pages() if not built_page(site, p).is_file()]
    assert not missing, f"pages not built: {missing}"
    assert len(guide_pages()) > 40


def test_every_picture_in_the_guides_exists_and_says_what_it_shows(site):
    problems, seen = [], 0
    for page in guide_pages():
        for found in IMAGE.finditer(page.read_text(encoding="utf-8")):
            path = found["path"]
            if "://" in path:
                continue
            seen += 1
            source = (page.parent / path).resolve()
            name = page.relative_to(DOCS)
            if not source.is_file():
                problems.append(f"{name}: {path} does not exist")
            elif not (site / source.relative_to(DOCS)).is_file():
                problems.append(f"{name}: {path} was not copied into the site")
            if len(" ".join(found["alt"].split())) < 10:
                problems.append(f"{name}: {path} needs alt text that says what it shows")
    assert not problems, "\n".join(problems)
    assert seen > 0
