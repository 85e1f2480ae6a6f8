"""The simulated people of ``make loadtest``, run by locust under scripts/loadtest.py.

Four kinds, in proportion: visitors reading public pages and searching; members replying to
listings and pledging to joint-buying schemes; consortium partners editing the same bid
sections at once; and partners exporting the bid as a PDF. Each request is named by its kind
(the report's rows). A response of 500 or more, or none at all, is a server error; any other
answer a person would not expect is a failure too. A 409 (someone else's overlapping save)
is the site working as meant, and counted apart.

Editors each own one paragraph of a section ("Load test, editor N:", made by
scripts/loadtest_data.py prepare), so editors of one section change different paragraphs of
it at once and their saves merge. Each save adds a new token to the editor's paragraph; every
token the site acknowledged (a redirect after "Section saved" or "...both are kept") is
written to LOADTEST_ACKS at the end, and checked against the database afterwards.

Environment: LOADTEST_PLAN (JSON from loadtest_data.py prepare), LOADTEST_COOKIES (JSON:
username -> Cookie header from a real sign-in), LOADTEST_ACKS (where to write the tokens).
"""

import html
import itertools
import json
import os
import random
import re
import sys
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts import loadtest_pdf  # noqa: E402

PUBLIC_HOST = "portal.example.org"
PUBLIC_URL = f"https://{PUBLIC_HOST}"
PROXY_HEADERS = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
TIMEOUT = 120  # seconds: a slow answer is measured, not counted as lost
# Seconds a person keeps the "being prepared" page open for their PDF: within the 120 s that
# loadtest.py lets everyone finish what they were doing when the run ends.
PDF_PATIENCE = 90

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
COOKIES = json.loads(Path(os.environ["LOADTEST_COOKIES"]).read_text())
ACKNOWLEDGED = []  # {"section", "token", "outcome"}
CONFLICTS = []
LOCK = threading.Lock()
EDITOR_NUMBERS = itertools.count()
MERGED_MESSAGE = "Their changes and yours did not overlap"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', re.S)
HIDDEN_VERSION = re.compile(r'<input[^>]*name="version"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


def hidden_version(text):
    field = HIDDEN_VERSION.search(text)
    value = field and VALUE.search(field.group(0))
    return html.unescape(value.group(1)) if value else None


def csrf_token(text):
    found = CSRF.search(text)
    return found.group(1) if found else None


def message_cookie(response):
    """The messages cookie a redirect sets, so that the next page shows its message."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        if header.startswith("messages="):
            return header.split(";", 1)[0]
    return None


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    account = None

    def on_start(self):
        # Cookies go as one header, as the browser of a person signed in once would send
        # them; the Secure cookies the site sets back are not sent over plain HTTP.
        self.cookie = COOKIES[self.account] if self.account else ""
        self.client.headers.update(PROXY_HEADERS)

    def request(self, method, path, name, expected=(200,), cookie=None, check=None, **kwargs):
        """One request; a failure unless its status is ``expected`` and ``check(response)``
        finds nothing wrong (returns None). Returns the response."""
        headers = {"Cookie": cookie if cookie is not None else self.cookie}
        if method == "POST":
            headers |= {"Referer": f"{PUBLIC_URL}{path}", "Origin": PUBLIC_URL}
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"server error {response.status_code}")
            elif response.status_code not in expected:
                response.failure(f"unexpected {response.status_code}")
            elif check and (problem := check(response)):
                response.failure(problem)
            else:
                response.success()
        return response


class Visitor(Person):
    """The public: reads forums, news, events, resources, organisations; searches."""

    weight = 20

    @task(3)
    def read(self):
        self.request("GET", random.choice(PLAN["public"]), "public page")

    @task(2)
    def search(self):
        words = " ".join(random.sample(PLAN["search_words"], 2))
        self.request("GET", "/search/", "search", params={"query": words})


class Member(Person):
    """A member organisation's person: reads, replies to listings, pledges."""

    weight = 15
    numbers = itertools.count()

    def on_start(self):
        members = [name for name, plan in PLAN["members"].items() if plan["replies"]]
        self.account = members[next(self.numbers) % len(members)]
        self.plan = PLAN["members"][self.account]
        super().on_start()

    @task(1)
    def read(self):
        self.request("GET", random.choice(PLAN["public"]), "public page")

    @task(2)
    def reply(self):
        path = random.choice(self.plan["replies"])
        form = self.request("GET", path, "reply form")
        token = csrf_token(form.text) if form.status_code == 200 else None
        if not token:
            return
        self.request(
            "POST",
            path,
            "send a reply",
            expected=(302,),
            data={
                "csrfmiddlewaretoken": token,
                "message": f"We can help with this (load test {random.randrange(10**9)}).",
                "offer": "",
            },
        )

    @task(2)
    def pledge(self):
        if not self.plan["pledges"]:
            return
        scheme = random.choice(self.plan["pledges"])
        page = self.request("GET", scheme["path"], "joint-buying scheme")
        token, version = csrf_token(page.text), hidden_version(page.text)
        if page.status_code != 200 or not token or version is None:
            return
        # 409: another person of the same organisation pledged since this page was read.
        self.request(
            "POST",
            scheme["path"],
            "pledge",
            expected=(302, 409),
            data={
                "csrfmiddlewaretoken": token,
                "quantity": scheme["quantity"],
                "delivery_address": "",
                "version": version,
            },
        )


class Editor(Person):
    """A consortium partner writing one paragraph of a bid section, with others at once."""

    weight = 12
    wait_time = between(1, 3)

    def on_start(self):
        self.number = next(EDITOR_NUMBERS)
        pairs = [(s, name) for s in PLAN["sections"] for name in s["editors"]]
        self.section, self.account = pairs[self.number % len(pairs)]
        self.label = f"Load test, editor {self.number}:"
        self.saves = itertools.count()
        super().on_start()

    @task(1)
    def read_the_bid(self):
        self.request("GET", f"/bids/{PLAN['bid']}/", "bid page")

    @task(4)
    def edit(self):
        path = self.section["path"]

        def has_my_paragraph(response):
            if response.status_code != 200:
                return None
            if not TEXTAREA.search(response.text):
                return "the section page has no edit form"
            if self.label not in html.unescape(response.text):
                return f"no paragraph starts {self.label!r}"
            return None

        page = self.request("GET", path, "open a bid section", check=has_my_paragraph)
        textarea = TEXTAREA.search(page.text) if page.status_code == 200 else None
        token, version = csrf_token(page.text), hidden_version(page.text)
        if not (textarea and token and version):
            return
        body = html.unescape(textarea.group(1)).removeprefix("\r\n").removeprefix("\n")
        paragraphs = body.replace("\r\n", "\n").split("\n\n")
        mark = f"e{self.number}s{next(self.saves)}r{random.randrange(10**6)}"
        for index, paragraph in enumerate(paragraphs):
            if paragraph.startswith(self.label):
                paragraphs[index] = f"{paragraph} {mark}"
                break
        else:
            return
        saved = self.request(
            "POST",
            path,
            "save a bid section",
            expected=(302, 409),
            data={
                "csrfmiddlewaretoken": token,
                "body": "\n\n".join(paragraphs),
                "status": "drafting",
                "version": version,
            },
        )
        if saved.status_code == 409:
            with LOCK:
                CONFLICTS.append(mark)
            return
        if saved.status_code != 302:
            return
        outcome = "saved"
        messages = message_cookie(saved)
        after = self.request(
            "GET",
            path,
            "open a bid section",
            cookie="; ".join(filter(None, [self.cookie, messages])),
        )
        if MERGED_MESSAGE in after.text:
            outcome = "merged"
        with LOCK:
            ACKNOWLEDGED.append({"section": self.section["pk"], "token": mark, "outcome": outcome})


class Exporter(Person):
    """The lead or a partner downloading the bid as a PDF."""

    weight = 3
    # A PDF takes a worker for seconds: people download one now and then, not on a loop.
    wait_time = between(10, 30)
    numbers = itertools.count()

    def on_start(self):
        self.account = ["lead", "partner"][next(self.numbers) % 2]
        super().on_start()

    @task
    def export_pdf(self):
        """As a person without JavaScript: the download answers with the PDF, or with the
        page saying it is being prepared, which refreshes to the download until the PDF
        comes. The whole wait, from the click to the PDF, is measured too."""
        started = time.monotonic()
        response = self.request("GET", PLAN["pdf"], "bid PDF export", check=loadtest_pdf.problem)
        while not loadtest_pdf.is_pdf(response.content):
            after = loadtest_pdf.refresh(response.text)
            if after is None:
                return  # counted as a failure of its own request
            if time.monotonic() - started > PDF_PATIENCE:
                self.waited_for_pdf(started, f"still being prepared after {PDF_PATIENCE} s")
                return
            seconds, url = after
            time.sleep(seconds)
            response = self.request(
                "GET", url, "bid PDF, refreshed while prepared", check=loadtest_pdf.problem
            )
        self.waited_for_pdf(started, None, len(response.content))

    def waited_for_pdf(self, started, problem, length=0):
        self.environment.events.request.fire(
            request_type="GET",
            name="bid PDF, from the click to the file",
            response_time=(time.monotonic() - started) * 1000,
            response_length=length,
            exception=problem and Exception(problem),
            context={},
        )


@events.quitting.add_listener
def write_acknowledged(environment, **kwargs):
    with LOCK:
        Path(os.environ["LOADTEST_ACKS"]).write_text(
            json.dumps({"acknowledged": ACKNOWLEDGED, "conflicts": len(CONFLICTS)})
        )
