"""The hostile-input corpus: one shared set of payloads that the security tests
(tests/security/) send through every field a person types into, and the checks that each
output (HTML pages, emails, CSV and XLSX, feeds, open data, PDF and Word) kept them inert.

Every payload carries the word "hostile", so a test can tell that its text reached the
output (and was shown as text) rather than being dropped. Payloads that name a server use
``{server}``: ``payloads(server)`` fills in the address of a loopback listener started by
the test, so that a renderer that fetched anything would be caught.

``FIELDS`` lists the fields the tests send the payloads through and the outputs each is
checked in; ``corpus_size()`` multiplies them out (``python -m tests.hostile`` prints it).
"""

import csv
import html
import http.server
import io
import re
from contextlib import contextmanager
from html.parser import HTMLParser

from tests.loopback import serving

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens there

PAYLOADS = {
    "script-tag": '<script>alert("hostile-script")</script>',
    "event-handler": '"><img src=x onerror=alert("hostile-onerror")>',
    "single-quoted-attribute": "' onmouseover='alert(1)' data-hostile='quote",
    "javascript-url": 'javascript:alert("hostile-js")',
    "data-url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== hostile-data",
    "css": (
        '<style>body{background:url("{server}/css.png")}</style>'
        '<div style="background:url({server}/inline.png)">hostile-css</div>'
    ),
    "svg": '<svg onload=alert("hostile-svg")><use href="data:image/svg+xml,x"/></svg>',
    "remote-resources": (
        '<img src="{server}/img.png"><link rel="stylesheet" href="{server}/link.css">'
        '<iframe src="{server}/frame"></iframe>hostile-remote'
    ),
    "formula-equals": '=HYPERLINK("http://x.example","hostile-formula")',
    "formula-plus": "+1+cmd|' /C calc'!A0 hostile-plus",
    "formula-minus": "-2+3 hostile-minus",
    "formula-at": "@SUM(1+1) hostile-at",
    "long": "hostile-long " + "A" * 100_000,
    "unicode-controls": "hostile-\u202egnp.exe \u2066x\u2069 \u200b\u0007\u001b[31m",
    "line-breaks": "hostile-crlf\r\nBcc: victim@example.org\r\nBEGIN:VEVENT\r\nX-Injected: 1",
    "nul-byte": "hostile-nul\x00after",
    "template-injection": "{{ 7|add:42 }}{% debug %}{{ request.user.password }} hostile-tpl",
    "link-tricks": (
        '[hostile-md](javascript:alert(1)) <a href="jav&#x09;ascript:alert(1)">x</a> '
        "<{server}/autolink> ![i]({server}/md.png)"
    ),
}

# What a spreadsheet could misread (formulas, line breaks, control and right-to-left
# characters, a long string), and markup as one example of plain text: the payloads that the
# CSV and XLSX exports are checked with.
SPREADSHEET_PAYLOADS = [
    name
    for name in PAYLOADS
    if name.startswith("formula")
    or name in ("line-breaks", "unicode-controls", "long", "script-tag")
]
SPREADSHEET_OUTPUTS = {"csv", "xlsx"}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def payloads(server=NOWHERE):
    """The payloads, with the listener's address filled in."""
    return {name: text.replace("{server}", server) for name, text in PAYLOADS.items()}


def short(name, server=NOWHERE):
    """A payload cut to fit a short field (a title of 200 characters), keeping its trick."""
    return payloads(server)[name][:200]


def marker(name):
    """The word of a payload that shows it reached the output."""
    match = re.search(r"hostile[-\w]*", PAYLOADS[name])
    return match.group(0)


# --- Which fields go to which outputs ----------------------------------------------------------

# Field -> the outputs its payloads are checked in. "html": the members' or public pages;
# "admin": the Wagtail admin's screens; "email": text and HTML parts of what was sent;
# "csv"/"xlsx": exports (tests/security/test_hostile_exports.py); "rss"/"atom"/"ical":
# feeds; "360giving"/"impact": open data; "pdf"/"docx": the bid's exports.
FIELDS = {
    # members, through the forms of the members' area (test_hostile_member_input.py)
    "listing title": ["html", "email", "admin", "csv", "xlsx"],
    "listing description": ["html", "email"],
    "listing unit": ["html"],
    "reply message": ["html", "email"],
    "report reason": ["html", "email", "csv", "xlsx"],
    "organisation name": ["html", "admin", "csv", "xlsx", "pdf", "docx", "360giving", "impact"],
    "organisation short description": ["html"],
    "organisation description": ["html"],
    "organisation locality": ["html"],
    "vault document title": ["html"],
    "vault document file name": ["html"],
    "volunteer employer": ["html", "csv", "xlsx"],
    "consortium name": ["html", "csv", "xlsx", "pdf", "docx"],
    "consortium description": ["html", "csv", "xlsx"],
    "bid title": ["html", "csv", "xlsx", "pdf", "docx", "360giving"],
    "bid funder, programme, reference": ["html", "csv", "xlsx", "pdf", "docx"],
    "bid summary": ["html", "pdf", "docx"],
    "bid section title": ["html", "pdf", "docx"],
    "bid section body": ["html", "pdf", "docx"],
    "section comment": ["html", "email"],
    "budget line description": ["html", "pdf", "docx"],
    "partner statement": ["html", "pdf", "docx"],
    "pledge delivery address": ["html", "csv"],
    "seek-partners note": ["html", "csv", "xlsx"],
    "survey answer": ["email", "csv", "xlsx"],
    "search box and list filters": ["html"],
    # staff, in the Wagtail admin (test_hostile_admin_input.py) or as they would store it
    "page title": ["html", "admin", "rss", "atom", "ical"],
    "membership job title": ["csv", "xlsx"],
    "page rich text (forged javascript: link)": ["html", "admin"],
    "news summary": ["rss", "atom"],
    "event venue and summary": ["ical"],
    "embed address": ["admin"],
    "fund snippet": ["admin"],
    "site settings": ["html", "admin"],
    "Brokerage admin listing form": ["html", "admin"],
    "Brokerage admin organisation form": ["admin"],
    "opportunity title and description": ["rss", "ical"],
}


def corpus_size():
    """payloads × fields × outputs: every (payload, field, output) the tests check (the CSV
    and XLSX exports with SPREADSHEET_PAYLOADS, every other output with all payloads)."""
    pairs = sum(len(outputs) for outputs in FIELDS.values())
    spreadsheet_pairs = sum(
        len(SPREADSHEET_OUTPUTS.intersection(outputs)) for outputs in FIELDS.values()
    )
    return {
        "payloads": len(PAYLOADS),
        "fields": len(FIELDS),
        "field-output pairs": pairs,
        "cases": len(PAYLOADS) * (pairs - spreadsheet_pairs)
        + len(SPREADSHEET_PAYLOADS) * spreadsheet_pairs,
    }


# --- HTML ----------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
HOSTILE_TAGS = {"script", "style", "svg", "iframe", "object", "embed", "link", "img", "use"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs)
        self.raw_text = {}  # tag -> text inside it (script and style)
        self._open = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        # Data in a JSON script (json_script, the Wagtail admin's config) is never run.
        if tag == "style" or (tag == "script" and "json" not in (dict(attrs).get("type") or "")):
            self._open.append(tag)
        elif tag == "script":
            self._open.append("json")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.raw_text.setdefault(self._open[-1], []).append(data)


def _squash(value):
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value or "")).lower()


def html_problems(content, server=NOWHERE):
    """What in an HTML document shows that a payload became markup (empty: all inert)."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    parser = _Collector()
    parser.feed(content)
    parser.close()
    host = server.split("//", 1)[-1]
    problems = []
    for tag, attrs in parser.elements:
        for name, value in attrs:
            value = value or ""
            lowered = value.lower()
            if name.startswith("on") and ("hostile" in lowered or "alert(" in lowered):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name.startswith("data-hostile"):
                problems.append(f"<{tag} {name}>: an attribute made from typed text")
            if name in URL_ATTRIBUTES and _squash(value).startswith(DANGEROUS_SCHEMES):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
            if host in value and (name in URL_ATTRIBUTES or name == "style"):
                problems.append(f"<{tag} {name}={value[:60]!r}> points at the listener")
        if tag in HOSTILE_TAGS and any("hostile" in (v or "").lower() for _, v in attrs):
            problems.append(f"<{tag}> made from typed text")
    for tag, chunks in parser.raw_text.items():
        if tag == "json":
            continue
        text = "".join(chunks)
        if "hostile" in text.lower() or host in text or "alert(" in text:
            problems.append(f"<{tag}> holds typed text: {text[:80]!r}")
    return problems


def assert_html_inert(content, server=NOWHERE, where=""):
    problems = html_problems(content, server)
    assert not problems, f"{where}: hostile text became markup: {problems[:5]}"


def page_text(content):
    """The text of an HTML document as a reader sees it (tags dropped, entities decoded)."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


# --- Emails ------------------------------------------------------------------------------------


def email_problems(messages, server=NOWHERE):
    """What in sent emails shows a payload became markup or a header (empty: all inert)."""
    problems = []
    for message in messages:
        if "\n" in message.subject or "\r" in message.subject:
            problems.append(f"a line break in the subject: {message.subject[:60]!r}")
        if "hostile-tpl" in message.body and "{{ 7|add:42 }}" not in message.body:
            problems.append("typed template code was run in the email's text")
        for name, value in message.extra_headers.items():
            if "hostile" in str(value).lower():
                problems.append(f"header {name} made from typed text")
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                problems += html_problems(content, server)
    return problems


def assert_emails_inert(messages, server=NOWHERE):
    problems = email_problems(messages, server)
    assert not problems, f"hostile text became markup in an email: {problems[:5]}"


# --- Spreadsheets -------------------------------------------------------------------------------


def formula_cells(rows):
    """The cells of a table that a spreadsheet would read as a formula (a number such as
    -12.50, or a lone "-" for nothing, is not one)."""
    return [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, str)
        and cell.lstrip(" ").startswith(FORMULA_STARTS)
        and not re.fullmatch(r"-|[-+]?[0-9][0-9,]*(\.[0-9]+)?", cell.strip())
    ]


def csv_rows(content):
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_rows(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [
        ["" if cell is None else cell for cell in row]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]


def assert_no_formulas(rows, where=""):
    live = formula_cells(rows)
    assert not live, f"{where}: cells a spreadsheet would run: {[c[:60] for c in live][:5]}"


# --- A loopback listener -----------------------------------------------------------------------


@contextmanager
def listener():
    """A web server on 127.0.0.1 that records every request made to it: ``(url, hits)``."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = _record

        def log_message(self, *args):
            pass

    with serving(Handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits


if __name__ == "__main__":
    for key, value in corpus_size().items():
        print(f"{key}: {value}")
