"""Tenders pulled on a schedule: staff set OCDS package addresses and the worker reads them.

A small HTTP server on 127.0.0.1, started by the tests, serves a release package over two
pages (``links.next``), a record package, a server error and a file that is not JSON.
"""

import contextlib
import copy
import datetime
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consortium.models import OcdsSource, OcdsSourceKind, Opportunity, OpportunityKind
from consortium.opportunities import pulling
from tests.loopback import serving
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db

UK = Path(__file__).parents[1] / "data" / "ocds" / "uk-tenders-release-package.json"


def uk_package():
    return json.loads(UK.read_text())


def release_pages(base):
    """The UK package cut in two: page one has two tenders and links to page two."""
    first, second = uk_package(), uk_package()
    first["releases"] = first["releases"][:2]
    first["links"] = {"next": f"{base}/releases/2"}
    second["releases"] = second["releases"][2:]
    return {"/releases/1": first, "/releases/2": second}


def record_package():
    """A record package of the UK tenders: one with a compiled release, one embedding its
    releases only (the newest is used), one linking to its releases (nothing to import)."""
    releases = uk_package()["releases"]
    older = copy.deepcopy(releases[1])
    older["id"] += "-old"
    older["date"] = "2026-10-01T09:00:00Z"
    older["tender"]["title"] = "An older title"
    package = {
        key: value for key, value in uk_package().items() if key not in ("releases", "links")
    }
    package["records"] = [
        {
            "ocid": releases[0]["ocid"],
            "releases": [{"url": "https://example.org/r0", "date": releases[0]["date"]}],
            "compiledRelease": releases[0],
        },
        {"ocid": releases[1]["ocid"], "releases": [older, releases[1]]},
        {
            "ocid": "ocds-h6vhtk-linked",
            "releases": [{"url": "https://example.org/r2", "date": "2026-11-01T09:00:00Z"}],
        },
    ]
    return package


class Publisher(BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):  # noqa: N802 (the standard library's name)
        answer = self.routes.get(self.path)
        if answer is None:
            self.send_error(404)
            return
        status, body = answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def publisher():
    with serving(type("Handler", (Publisher,), {"routes": {}})) as server:
        yield server


@pytest.fixture
def site():
    """The publisher's address and a way to set what each of its paths answers."""
    with publisher() as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        routes = server.RequestHandlerClass.routes

        def serve(path, data=None, status=200, raw=None):
            body = raw if raw is not None else json.dumps(data).encode()
            routes[path] = (status, body)

        for path, page in release_pages(base).items():
            serve(path, page)
        serve("/records", record_package())
        serve("/broken", status=500, raw=b'{"error": "down"}')
        serve("/not-json", raw=b"<html>Maintenance</html>")
        yield base, serve


def source(url, **fields):
    fields.setdefault("kind", OcdsSourceKind.RELEASE_PACKAGE)
    return OcdsSource.objects.create(name=fields.pop("name", url), url=url, **fields)


# --- reading a source -------------------------------------------------------------------------


def test_a_release_package_is_read_page_by_page_and_each_tender_becomes_an_opportunity(site):
    base, _ = site
    feed = source(f"{base}/releases/1")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert Opportunity.objects.filter(kind=OpportunityKind.TENDER).count() == 3
    assert feed.last_result == "Read 2 pages: 3 created, 0 updated, 0 unchanged, 0 skipped."
    assert feed.last_error == ""
    assert feed.last_checked_at is not None


def test_reading_the_same_package_again_adds_nothing_and_updates_what_changed(site):
    base, serve = site
    feed = source(f"{base}/releases/1")
    pulling.pull_source(feed)
    pages = release_pages(base)
    pages["/releases/2"]["releases"][0]["tender"]["title"] = "Youth work in the market towns"
    serve("/releases/2", pages["/releases/2"])
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert Opportunity.objects.count() == 3
    assert feed.last_result == "Read 2 pages: 0 created, 1 updated, 2 unchanged, 0 skipped."
    assert Opportunity.objects.filter(title="Youth work in the market towns").exists()


def test_a_record_package_imports_each_records_compiled_or_newest_release(site):
    base, _ = site
    feed = source(f"{base}/records", kind=OcdsSourceKind.RECORD_PACKAGE)
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_error == ""
    assert feed.last_result == "Read 1 page: 2 created, 0 updated, 0 unchanged, 0 skipped."
    titles = set(Opportunity.objects.values_list("title", flat=True))
    assert "An older title" not in titles
    assert len(titles) == 2


def test_a_server_error_is_recorded_on_the_source_in_plain_words(site):
    base, _ = site
    feed = source(f"{base}/broken")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_error == f"{base}/broken answered 500 Internal Server Error."
    assert Opportunity.objects.count() == 0


def test_an_address_that_does_not_return_json_is_recorded_as_such(site):
    base, _ = site
    feed = source(f"{base}/not-json")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith(f"Page 1 ({base}/not-json): The file is not JSON")


def test_an_invalid_package_imports_nothing_and_keeps_the_schema_errors(site):
    base, serve = site
    broken = uk_package()
    del broken["releases"][0]["ocid"]
    serve("/invalid", broken)
    feed = source(f"{base}/invalid")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("Page 1 was not imported: The file is not a valid OCDS")
    assert "ocid" in feed.last_error
    assert Opportunity.objects.count() == 0


def test_a_page_that_fails_keeps_what_earlier_pages_imported_and_says_which_page(site):
    base, serve = site
    serve("/releases/2", status=500, raw=b"")
    feed = source(f"{base}/releases/1")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_result.startswith("Read 1 page: 2 created")
    assert feed.last_error == f"{base}/releases/2 answered 500 Internal Server Error."


def test_a_package_larger_than_the_cap_is_refused(site, monkeypatch):
    base, _ = site
    monkeypatch.setattr(pulling, "MAX_BYTES", 100)
    feed = source(f"{base}/releases/1")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert "returned more than" in feed.last_error
    assert Opportunity.objects.count() == 0


def test_paging_stops_at_the_limit_with_a_clear_error(site, monkeypatch):
    base, _ = site
    monkeypatch.setattr(pulling, "MAX_PAGES", 1)
    feed = source(f"{base}/releases/1")
    pulling.pull_source(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("The package has more than 1 pages")
    assert Opportunity.objects.count() == 2


def test_an_unreachable_address_is_recorded_and_the_other_sources_are_still_read(site):
    base, _ = site
    from tests.servers import free_port

    source(f"http://127.0.0.1:{free_port()}/gone", name="A closed site")
    source(f"{base}/releases/1", name="Contracts Finder")
    call_command("pull_ocds")
    closed, working = OcdsSource.objects.order_by("name")
    assert "could not be reached" in closed.last_error
    assert working.last_error == "" and "3 created" in working.last_result


# --- the schedule -----------------------------------------------------------------------------


def test_only_enabled_sources_whose_interval_has_passed_are_due():
    now = timezone.now()
    never = source("https://example.org/never", frequency="daily")
    source("https://example.org/off", enabled=False)
    hourly = source(
        "https://example.org/hourly",
        frequency="hourly",
    )
    daily_recent = source("https://example.org/recent", frequency="daily")
    OcdsSource.objects.filter(pk=hourly.pk).update(
        last_checked_at=now - datetime.timedelta(minutes=58)
    )
    OcdsSource.objects.filter(pk=daily_recent.pk).update(
        last_checked_at=now - datetime.timedelta(hours=3)
    )
    assert pulling.due_sources(now) == [hourly, never]


def test_the_command_skips_sources_not_yet_due(site, capsys):
    base, _ = site
    feed = source(f"{base}/releases/1", frequency="daily")
    call_command("pull_ocds")
    first_checked = OcdsSource.objects.get(pk=feed.pk).last_checked_at
    call_command("pull_ocds")
    assert OcdsSource.objects.get(pk=feed.pk).last_checked_at == first_checked
    assert "Read 0 source(s)." in capsys.readouterr().out


def test_the_command_can_queue_the_reading_as_a_background_task(site, capsys):
    base, _ = site
    source(f"{base}/releases/1")
    call_command("pull_ocds", "--queue")
    assert "Queued as task" in capsys.readouterr().out
    # The test settings run tasks at once.
    assert Opportunity.objects.count() == 3


# --- staff set the sources --------------------------------------------------------------------


def test_a_source_must_be_an_http_or_https_address():
    feed = OcdsSource(name="Local file", url="file:///etc/passwd")
    with pytest.raises(ValidationError) as raised:
        feed.full_clean()
    assert "url" in raised.value.message_dict


STAFF_ONLY = {**dict.fromkeys(PERSONAS, 302), "staff": 200}
ACCESS = [
    (
        "the tender sources admin",
        lambda p: reverse("consortium_ocdssource_modeladmin_index"),
        STAFF_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_brokerage_staff_reach_the_tender_sources_admin(p, persona):
    url = reverse("consortium_ocdssource_modeladmin_index")
    assert client_for(persona, p).get(url).status_code == STAFF_ONLY[persona]


def test_staff_add_a_source_and_see_its_last_result(p, site):
    base, _ = site
    staff = client_for("staff", p)
    response = staff.post(
        reverse("consortium_ocdssource_modeladmin_create"),
        {
            "name": "Contracts Finder",
            "url": f"{base}/releases/1",
            "kind": "release_package",
            "frequency": "hourly",
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call_command("pull_ocds")
    feed = OcdsSource.objects.get()
    page = staff.get(reverse("consortium_ocdssource_modeladmin_inspect", args=[feed.pk]))
    assert "3 created" in page.content.decode()


def test_staff_get_a_clear_error_for_a_source_address_that_is_not_web(p):
    response = client_for("staff", p).post(
        reverse("consortium_ocdssource_modeladmin_create"),
        {"name": "Files", "url": "ftp://example.org/t.json", "kind": "release_package"},
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not OcdsSource.objects.exists()
