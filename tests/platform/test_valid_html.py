"""Every public page the demo has, and the pages forms answer with, is valid HTML.

The Nu Html Checker (the W3C's validator, from the npm package vnu-jar pinned in
package.json, run with Java) reads each page as a browser would; any error fails the test
with its line. `npm ci` (part of `make test`) puts the checker in node_modules.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from home.models import SurveyPage

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def validate(folder):
    """The checker's complaints about the HTML files in ``folder`` (empty when all valid)."""
    if not VNU_JAR.is_file():
        pytest.fail(
            f"The Nu Html Checker is missing ({VNU_JAR}): run `npm ci` in the repository "
            "(or `make test`, which runs it) to install the vnu-jar package from package.json."
        )
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The Nu Html Checker needs Java and there is no `java` on the PATH: "
            "`make chromium` installs Debian's default-jre-headless."
        )
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "text",
            "--skip-non-html",
            folder,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


@pytest.mark.django_db
def test_every_demo_page_and_form_answer_is_valid_html(tmp_path):
    call_command("load_demo_content", stdout=io.StringIO())
    visitor = Client()
    pages = {page.url for page in Page.objects.live().public().specific() if page.url}
    pages |= {"/search/?query=forum", '/search/?query="', "/no-such-page/"}
    answers = {path: visitor.get(path) for path in sorted(pages)}

    # Forms as they answer bad input: the survey, sign-in, and sign-in once locked.
    survey = SurveyPage.objects.live().first()
    answers["survey with errors"] = visitor.post(survey.url, {})
    for attempt in range(1, 7):  # the sixth is refused: too many attempts
        answers[f"sign-in attempt {attempt}"] = Client().post(
            "/accounts/login/", {"login": "editor", "password": "wrong"}
        )
    answers["password reset"] = visitor.get("/accounts/password/reset/")
    answers["sign-up"] = visitor.get("/accounts/signup/")
    answers["sign-up with errors"] = Client().post(
        "/accounts/signup/", {"account_type": "volunteer", "contact_by": "phone"}
    )
    member = Client()
    member.post("/accounts/login/", {"login": "moderator", "password": "shoal-demo"})
    signed_in_pages = ["/members/", "/members/notifications/", "/accounts/email/"]
    for path in [*signed_in_pages, "/accounts/password/change/"]:
        answers[path] = member.get(path)
    # The members' area as an organisation's admin sees it.
    admin = Client()
    admin.post("/accounts/login/", {"login": "member", "password": "shoal-demo"})
    for path in ["/resources/", "/joint-buying/", "/impact/", "/consortia/", "/bids/"]:
        answers[f"{path} (organisation admin)"] = admin.get(path)
        assert answers[f"{path} (organisation admin)"].status_code == 200, path

    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    assert answers["sign-in attempt 6"].status_code == 429
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert len(answers) > 20
    assert validate(tmp_path) == "", index


def test_the_checker_reports_invalid_html(tmp_path):
    (tmp_path / "broken.html").write_text(
        "<!DOCTYPE html><html lang='en'><title>x</title><p><div></p>"
    )
    assert "Unclosed element" in validate(tmp_path)
