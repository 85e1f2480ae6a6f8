"""Fill in a page's form the way a person would, with a payload in every box they type into.

``fill(client, url, payload)`` reads the form from the page (so a new field is never
forgotten), keeps what the page chose for radios, selects and hidden fields, and types the
payload into every text box and text area. ``submit(...)`` posts it and checks the answer.
"""

import io
import re
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from tests.hostile import assert_html_inert

TYPED = {"text", "search", "tel", ""}  # input types a person types free text into
KEPT = {"hidden", "date", "datetime-local", "number", "email", "url", "password", "checkbox"}
# Dates and times typed as text (the Wagtail admin's choosers): kept as the page gave them.
DATE_NAMES = re.compile(r"(_at|_on|date|_from|_until)$")
SKIPPED_ACTIONS = ("/accounts/logout/", "/members/acting-for/", "/search/")


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form["fields"].append(
                {
                    "name": a["name"],
                    "type": kind,
                    "value": a.get("value") or "",
                    "checked": "checked" in a,
                    "maxlength": _int(a.get("maxlength")),
                }
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = {
                "name": a["name"],
                "type": "textarea",
                "value": "",
                "maxlength": _int(a.get("maxlength")),
            }
            self._form["fields"].append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {
                "name": a["name"],
                "type": "select",
                "value": None,
                "options": [],
                "multiple": "multiple" in a,
            }
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["value"] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def _int(value):
    return int(value) if value and value.isdigit() else None


def _main_form(html, action=None):
    parser = _Forms()
    parser.feed(html)
    candidates = [
        form
        for form in parser.forms
        if form["method"] == "post"
        and not form["action"].startswith(SKIPPED_ACTIONS)
        and (action is None or form["action"] == action)
    ]
    typed = [f for f in candidates if any(x["type"] in TYPED | {"textarea"} for x in f["fields"])]
    assert typed, "no form with a text box on the page"
    return max(typed, key=lambda f: sum(x["type"] in TYPED | {"textarea"} for x in f["fields"]))


def small_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill(
    client,
    url,
    payload,
    only=None,
    keep=(),
    file_name=None,
    action=None,
    values=None,
    forged=False,
):
    """The data a person would post from the form at ``url``, with ``payload`` typed in.

    ``only``: type the payload into these fields only; ``keep``: leave these as they are;
    ``action``: the form that posts there, when the page has several; ``values``: what to
    choose where the page chose nothing; ``file_name``: attach a small PDF under this name;
    ``forged``: ignore the boxes' maxlength, as a forged post would (a browser cuts typing
    at it).
    Returns (action, data, typed field names).
    """
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    form = _main_form(page.content.decode(), action)
    data, typed, radios = {}, [], {}
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if kind in TYPED or kind == "textarea":
            wanted = (only is None or name in only) and name not in keep
            wanted = wanted and not DATE_NAMES.search(name)
            if wanted:
                typed.append(name)
            limit = None if forged else field["maxlength"]
            data[name] = (payload[:limit] if limit else payload) if wanted else field["value"]
        elif kind == "radio":
            if field["checked"] or name not in radios:
                radios[name] = field["value"]
        elif kind == "checkbox":
            if field["checked"]:
                data.setdefault(name, []).append(field["value"] or "on")
        elif kind == "select" and field["multiple"]:
            if field["value"] is not None:
                data[name] = [field["value"]]
        elif kind == "select":
            options = [o for o in field["options"] if o]
            data[name] = (
                field["value"] if field["value"] is not None else (options[0] if options else "")
            )
        elif kind == "file" and file_name:
            data[name] = SimpleUploadedFile(file_name, small_pdf(), "application/pdf")
        elif kind in KEPT:
            data[name] = field["value"]
    data.update(radios)
    data.update(values or {})
    return (form["action"] or url), data, typed


def submit(client, url, payload, server, expect_saved=None, **options):
    """Post the payload through the form at ``url``; the answer must be a redirect (saved)
    or the form again with an error (refused), never a server error, and inert either way.

    Returns the page a person sees next (the redirect's target, or the form again) and
    whether the post was saved.
    """
    action, data, typed = fill(client, url, payload, forged=True, **options)
    assert typed, f"{url}: nothing to type into"
    response = post(client, action, data)
    outcome = _answer(client, url, response, server, expect_saved=None)
    if outcome[1]:
        return _expected(*outcome, expect_saved, url)
    # Refused (too long for a box, perhaps): as typed in a browser, which cuts at maxlength.
    action, data, typed = fill(client, url, payload, **options)
    response = post(client, action, data)
    return _answer(client, url, response, server, expect_saved)


def post(client, action, data):
    """Post, then run what waits for the save to be committed (the emails), as in production."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(action, data)


def _answer(client, url, response, server, expect_saved):
    assert response.status_code in (200, 302, 400, 409), f"{url} answered {response.status_code}"
    if response.status_code == 302:
        shown = client.get(response["Location"])
        assert shown.status_code == 200, f"{url} then {response['Location']}: {shown.status_code}"
        assert_html_inert(shown.content, server, where=response["Location"])
        return _expected(shown, True, expect_saved, url)
    shown = response
    assert_html_inert(shown.content, server, where=url)
    # The members' forms show a GOV.UK error summary; the Wagtail admin an "error-message".
    said_why = b"govuk-error-summary" in response.content or b"error-message" in response.content
    refused = response.status_code != 200 or said_why
    assert said_why or not refused, f"{url}: refused ({response.status_code}) without saying why"
    return _expected(shown, not refused, expect_saved, url)


def _expected(shown, saved, expect_saved, url):
    if expect_saved is not None:
        assert saved == expect_saved, f"{url}: saved={saved}, expected {expect_saved}"
    return shown, saved
