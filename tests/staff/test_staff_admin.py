"""Brokerage staff in the Wagtail admin: the Brokerage menu, exports, verification,
history with differences and restore, and the moderation queue."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from consortium.models import (
    Category,
    Listing,
    ListingKind,
    ListingReport,
    ListingStatus,
    Moderation,
    Organisation,
    Theme,
)
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory
from tests.personas import PERSONAS, client_for, make_personas

pytestmark = pytest.mark.django_db

BROKERAGE_LISTS = [
    "organisation",
    "membership",
    "person",
    "organisationdocument",
    "listing",
    "reply",
    "match",
    "watch",
    "listingreport",
    "scheme",
    "pledge",
]


def index_url(model_name):
    return reverse(f"consortium_{model_name}_modeladmin_index")


def inspect_url(model_name, pk):
    return reverse(f"consortium_{model_name}_modeladmin_inspect", args=[pk])


def history_url(obj):
    return reverse(
        "consortium_staff:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


def listing(organisation, title="Folding tables to lend", **fields):
    return Listing.objects.create(
        kind=fields.pop("kind", ListingKind.OFFER),
        category=fields.pop("category", Category.EQUIPMENT),
        title=title,
        description="Twelve folding tables, collect from the hall.",
        organisation=organisation,
        **fields,
    )


@pytest.fixture
def personas():
    return make_personas()


@pytest.fixture
def staff_client(personas):
    return client_for("staff", personas)


def editorial(username, group):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


# --- who gets what ----------------------------------------------------------------------------

ADMIN_SIGN_IN = 302  # Wagtail sends people without admin access to its sign-in page
STAFF_ONLY = {
    "anonymous": ADMIN_SIGN_IN,
    "volunteer": ADMIN_SIGN_IN,
    "other_member": ADMIN_SIGN_IN,
    "member": ADMIN_SIGN_IN,
    "org_admin": ADMIN_SIGN_IN,
    "staff": 200,
}

STAFF_POST_ONLY = {**STAFF_ONLY, "staff": 405}


def waiting_listing(p):
    return listing(p.organisation, title="Waiting", moderation=Moderation.PENDING)


def open_report(p):
    return ListingReport.objects.create(
        listing=listing(p.organisation, title="Reported"), reason="Check it"
    )


ACCESS = [
    ("moderation queue", lambda p: reverse("consortium_staff:moderation"), STAFF_ONLY),
    ("history of an organisation", lambda p: history_url(p.organisation), STAFF_ONLY),
    (
        "restore confirmation",
        lambda p: reverse(
            "consortium_staff:restore",
            args=[
                "consortium",
                "organisation",
                p.organisation.pk,
                p.organisation.history.earliest().history_id,
            ],
        ),
        STAFF_ONLY,
    ),
    ("Brokerage organisations list", lambda p: index_url("organisation"), STAFF_ONLY),
    (
        "Brokerage organisation page",
        lambda p: inspect_url("organisation", p.organisation.pk),
        STAFF_ONLY,
    ),
    # Decisions are buttons (POST only): staff opening their address are refused with 405.
    (
        "mark verified (a button)",
        lambda p: reverse("consortium_staff:verify_organisation", args=[p.organisation.pk]),
        STAFF_POST_ONLY,
    ),
    (
        "approve a listing (a button)",
        lambda p: reverse("consortium_staff:approve_listing", args=[waiting_listing(p).pk]),
        STAFF_POST_ONLY,
    ),
    (
        "reject a listing (a button)",
        lambda p: reverse("consortium_staff:reject_listing", args=[waiting_listing(p).pk]),
        STAFF_POST_ONLY,
    ),
    (
        "resolve a report (a button)",
        lambda p: reverse("consortium_staff:resolve_report", args=[open_report(p).pk]),
        STAFF_POST_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description,url,expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_brokerage_staff_reach_the_staff_pages(personas, persona, description, url, expected):
    response = client_for(persona, personas).get(url(personas))
    assert response.status_code == expected[persona], (description, persona)
    if expected[persona] == ADMIN_SIGN_IN:
        assert "/admin/login/" in response.url


def test_editors_and_moderators_do_not_see_the_brokerage_menu(client, personas):
    for user in (editorial("editor", "Communications"), editorial("moderator", "Moderators")):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        dashboard = client.get("/admin/").content.decode()
        assert "Brokerage" not in dashboard and "Moderation queue" not in dashboard
        for model_name in BROKERAGE_LISTS:
            response = client.get(index_url(model_name))
            assert response.status_code in (302, 403), (user, model_name)
        # Wagtail turns "permission denied" into a redirect to the dashboard with a message.
        assert client.get(reverse("consortium_staff:moderation")).status_code in (302, 403)
        assert client.get(history_url(personas.organisation)).status_code in (302, 403)
        verify = reverse("consortium_staff:verify_organisation", args=[personas.organisation.pk])
        assert client.post(verify).status_code in (302, 403)
    personas.organisation.refresh_from_db()
    assert personas.organisation.verified_on is None


def test_editors_still_choose_organisations_in_page_panels(client, personas):
    client.force_login(
        editorial("editor", "Communications"), backend="django.contrib.auth.backends.ModelBackend"
    )
    chooser = client.get(reverse("wagtailsnippetchoosers_consortium_organisation:choose"))
    assert chooser.status_code == 200
    assert "Fernlea Food Bank" in chooser.content.decode()


# --- the Brokerage menu and its lists ---------------------------------------------------------


def test_staff_see_the_brokerage_menu_with_every_list(staff_client):
    dashboard = staff_client.get("/admin/").content.decode()
    assert "Brokerage" in dashboard
    for label in ["Moderation queue", "Organisations", "Memberships", "Listings", "Pledges"]:
        assert label in dashboard
    for model_name in BROKERAGE_LISTS:
        assert staff_client.get(index_url(model_name)).status_code == 200, model_name


def test_staff_filter_and_search_organisations(staff_client, personas):
    names = lambda response: {  # noqa: E731
        a.get_text(strip=True)
        for a in BeautifulSoup(response.content, "html.parser").select("td.title a, td a")
    }
    url = index_url("organisation")
    by_form = staff_client.get(url, {"legal_form__exact": "cic"})
    assert "Quarry Hill Youth Club" in names(by_form)
    assert "Fernlea Food Bank" not in names(by_form)
    by_search = staff_client.get(url, {"q": "Fernlea"})
    assert "Fernlea Food Bank" in names(by_search)
    assert "Quarry Hill Youth Club" not in names(by_search)


def test_staff_export_organisations_as_csv_and_xlsx(staff_client, personas):
    response = staff_client.get(index_url("organisation"), {"export": "csv"})
    assert response.status_code == 200
    assert "organisations.csv" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Fernlea Food Bank"]["Org-Id"] == "GB-CHC-1090095"
    assert by_name["Quarry Hill Youth Club"]["Company Number"] == "08255580"

    response = staff_client.get(index_url("organisation"), {"export": "xlsx"})
    assert "organisations.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = table[0]
    company = header.index("Company Number")
    assert ["Quarry Hill Youth Club" in row for row in table[1:]].count(True) == 1
    assert any(row[company] == "08255580" for row in table[1:])


def test_every_brokerage_list_exports(staff_client, personas):
    listing(personas.organisation)
    for model_name in BROKERAGE_LISTS:
        response = staff_client.get(index_url(model_name), {"export": "xlsx"})
        assert response.status_code == 200, model_name
        content = b"".join(response.streaming_content)
        assert load_workbook(io.BytesIO(content)).active.max_row >= 1


def test_organisation_page_shows_verified_on_apart_from_last_saved(staff_client, personas):
    page = staff_client.get(inspect_url("organisation", personas.organisation.pk))
    text = BeautifulSoup(page.content, "html.parser").get_text(" ")
    assert "Verified on" in text and "Last saved" in text
    assert "Mark verified today" in text
    listing_page = staff_client.get(index_url("organisation")).content.decode()
    assert "Verified on" in listing_page and "Last saved" in listing_page


# --- verification -----------------------------------------------------------------------------


def test_staff_mark_an_organisation_verified_today(staff_client, personas):
    organisation = personas.organisation
    response = staff_client.post(
        reverse("consortium_staff:verify_organisation", args=[organisation.pk])
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.verified_on == timezone.localdate()
    assert organisation.verified_by == personas.staff
    latest = organisation.history.latest()
    assert latest.history_user == personas.staff
    assert latest.history_change_reason == "Marked verified"


def test_verifying_needs_a_post(staff_client, personas):
    url = reverse("consortium_staff:verify_organisation", args=[personas.organisation.pk])
    assert staff_client.get(url).status_code == 405
    personas.organisation.refresh_from_db()
    assert personas.organisation.verified_on is None


def organisation_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "charity_number": organisation.charity_number,
        "oscr_number": organisation.oscr_number,
        "ccni_number": organisation.ccni_number,
        "company_number": organisation.company_number,
        "income_band": organisation.income_band,
        "short_description": organisation.short_description,
        "description": organisation.description,
        "website": organisation.website,
        "area": organisation.area,
        "locality": organisation.locality,
        "postcode": organisation.postcode,
        "is_public": "on" if organisation.is_public else "",
        "verified_on": "",
    }
    data.update(changes)
    return data


def test_setting_verified_on_in_the_edit_form_records_who(staff_client, personas):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(edit, organisation_form(organisation, verified_on="2026-11-02"))
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert str(organisation.verified_on) == "2026-11-02"
    assert organisation.verified_by == personas.staff


def test_a_bad_registration_number_in_the_edit_form_is_refused_and_nothing_lost(
    staff_client, personas
):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(
        edit, organisation_form(organisation, charity_number="12AB", name="Renamed")
    )
    assert response.status_code == 200
    assert "charity" in response.content.decode().lower()
    organisation.refresh_from_db()
    assert organisation.name == "Fernlea Food Bank" and organisation.charity_number == "1090095"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(max_size=250),
    postcode=st.text(max_size=12),
    number=st.text(max_size=10),
    reason=st.text(max_size=600),
)
def test_generated_input_to_staff_forms_never_breaks_or_loses_data(
    staff_client, personas, name, postcode, number, reason
):
    organisation = personas.organisation
    before = Organisation.objects.get(pk=organisation.pk)
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(
        edit,
        organisation_form(
            before,
            name=name.replace("\x00", ""),
            postcode=postcode.replace("\x00", ""),
            charity_number=number.replace("\x00", ""),
        ),
    )
    assert response.status_code in (200, 302)
    after = Organisation.objects.get(pk=organisation.pk)
    if response.status_code == 200:  # refused: nothing already saved is lost
        assert (after.name, after.postcode, after.charity_number) == (
            before.name,
            before.postcode,
            before.charity_number,
        )
    else:
        assert after.name  # saved: still a named organisation
    waiting = listing(after, moderation=Moderation.PENDING)
    response = staff_client.post(
        reverse("consortium_staff:reject_listing", args=[waiting.pk]),
        {"reason": reason.replace("\x00", "")},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.REJECTED and waiting.title == "Folding tables to lend"


# --- history and restore ----------------------------------------------------------------------


def test_history_shows_who_changed_which_field_from_what_to_what(client, personas):
    organisation = personas.organisation
    client.force_login(personas.org_admin, backend="django.contrib.auth.backends.ModelBackend")
    organisation.locality = "Fernlea"
    organisation._change_reason = "Profile edited"
    # simple-history's middleware records the request's user; outside a request, say who.
    organisation._history_user = personas.org_admin
    organisation.save()
    page = client_for("staff", personas).get(history_url(organisation))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    newest = soup.select("section.version")[0]
    assert "org-admin-persona" in newest.h2.get_text()
    assert "Changed" in newest.h2.get_text()
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in newest.select("tbody tr")
    ]
    assert ["Locality", "(empty)", "Fernlea"] in rows
    assert "Profile edited" in newest.get_text()


def test_history_shows_choice_labels_and_themes_by_name(staff_client, personas):
    organisation = personas.organisation
    food = Theme.objects.create(name="Food poverty", slug="food-poverty")
    organisation.themes.add(food)
    organisation.legal_form = "cio"
    organisation.save()
    text = BeautifulSoup(staff_client.get(history_url(organisation)).content, "html.parser")
    body = text.get_text(" ")
    assert "Charitable incorporated organisation (CIO)" in body
    assert "Food poverty" in body


def test_restoring_an_earlier_version_brings_its_values_back_as_a_new_version(
    staff_client, personas
):
    organisation = personas.organisation
    first = organisation.history.earliest()
    organisation.short_description = "A description someone overwrote by mistake"
    organisation.postcode = "AB1 2CD"
    organisation.save()
    versions_before = organisation.history.count()
    url = reverse(
        "consortium_staff:restore",
        args=["consortium", "organisation", organisation.pk, first.history_id],
    )
    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert "A description someone overwrote by mistake" in confirm.content.decode()
    response = staff_client.post(url)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.short_description == "" and organisation.postcode == "SW1A 1AA"
    assert organisation.history.count() == versions_before + 1
    latest = organisation.history.latest()
    assert latest.history_user == personas.staff
    assert latest.history_change_reason.startswith("Restored the version of")


def test_restoring_brings_back_themes(staff_client, personas):
    organisation = personas.organisation
    food = Theme.objects.create(name="Food poverty", slug="food-poverty")
    organisation.themes.add(food)
    with_food = organisation.history.latest()
    organisation.themes.clear()
    staff_client.post(
        reverse(
            "consortium_staff:restore",
            args=["consortium", "organisation", organisation.pk, with_food.history_id],
        )
    )
    assert list(organisation.themes.all()) == [food]


def test_history_works_for_listings_too(staff_client, personas):
    item = listing(personas.organisation)
    item.status = ListingStatus.CLOSED
    item.save()
    page = staff_client.get(history_url(item))
    assert page.status_code == 200
    assert "Closed" in page.content.decode()
    inspect = staff_client.get(inspect_url("listing", item.pk)).content.decode()
    assert history_url(item) in inspect


def test_a_version_that_no_longer_validates_is_not_restored(staff_client, personas):
    organisation = personas.organisation
    first = organisation.history.earliest()
    organisation.name = "Fernlea Community Pantry"
    organisation.save()
    # Someone else took the old name meanwhile.
    Organisation.objects.create(name="Fernlea Food Bank", slug="fernlea-food-bank-2")
    response = staff_client.post(
        reverse(
            "consortium_staff:restore",
            args=["consortium", "organisation", organisation.pk, first.history_id],
        )
    )
    assert response.status_code == 400
    assert "cannot be restored" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Fernlea Community Pantry"


# --- moderation -------------------------------------------------------------------------------


def test_staff_approve_a_waiting_listing_from_the_queue(staff_client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Folding tables to lend" in queue
    staff_client.post(reverse("consortium_staff:approve_listing", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.APPROVED
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Approve “Folding tables to lend”" not in queue
    assert "No listings are waiting" in queue


def test_staff_reject_a_listing_with_a_reason(staff_client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    staff_client.post(
        reverse("consortium_staff:reject_listing", args=[waiting.pk]), {"reason": "Not allowed"}
    )
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.REJECTED
    assert waiting.status == ListingStatus.CLOSED
    assert waiting.history.latest().history_change_reason == "Rejected by staff: Not allowed"


def test_staff_resolve_a_report_and_the_listing_stays(staff_client, personas):
    item = listing(personas.organisation)
    report = ListingReport.objects.create(
        listing=item, reporter=personas.other_member, reason="Looks like spam"
    )
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Looks like spam" in queue
    staff_client.post(reverse("consortium_staff:resolve_report", args=[report.pk]))
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.resolved_by == personas.staff and report.resolved_at
    assert item.moderation == Moderation.APPROVED
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Looks like spam" not in queue


def test_moderation_actions_need_post_and_staff(client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    approve = reverse("consortium_staff:approve_listing", args=[waiting.pk])
    assert client_for("staff", personas).get(approve).status_code == 405
    assert client_for("org_admin", personas).post(approve).status_code == 302  # to sign-in
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.PENDING


# --- query counts ----------------------------------------------------------------------------


def add_organisations(count, start=0):
    for i in range(start, start + count):
        org = Organisation.objects.create(name=f"Group {i}")
        waiting = listing(org, title=f"Pending {i}", moderation=Moderation.PENDING)
        ListingReport.objects.create(listing=waiting, reason="Check")


@pytest.mark.parametrize(
    "url", [reverse("consortium_staff:moderation"), index_url("organisation")], ids=str
)
def test_staff_pages_cost_the_same_queries_as_data_grows(
    staff_client, personas, url, django_assert_max_num_queries
):
    add_organisations(3)
    staff_client.get(url)  # warm caches (site, menu)
    with django_assert_max_num_queries(40) as small:
        assert staff_client.get(url).status_code == 200
    add_organisations(20, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_the_brokerage_group_exists_with_admin_access():
    group = Group.objects.get(name=BROKERAGE_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert {"change_organisation", "view_listing", "change_pledge"} <= codenames


# --- two people editing at once ---------------------------------------------------------------


def loaded_version(client, url):
    form = BeautifulSoup(client.get(url).content, "html.parser")
    return form.find("input", {"name": "shoal_version"})["value"]


def test_a_stale_save_is_refused_and_keeps_what_was_typed(staff_client, personas):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    colleague = UserFactory(username="colleague")
    colleague.groups.add(Group.objects.get(name=BROKERAGE_GROUP))
    other_client = client_for("anonymous", personas)
    other_client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")

    form = staff_client.get(edit).content.decode()
    assert history_url(organisation) in form  # the edit form links to the history too
    mine = loaded_version(staff_client, edit)
    theirs = loaded_version(other_client, edit)
    response = other_client.post(
        edit, organisation_form(organisation, locality="Fernlea", shoal_version=theirs)
    )
    assert response.status_code == 302

    response = staff_client.post(
        edit,
        organisation_form(organisation, short_description="My careful words", shoal_version=mine),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this organisation while you were editing it" in page
    assert "My careful words" in page  # what they typed is still in the form
    organisation.refresh_from_db()
    assert organisation.locality == "Fernlea" and organisation.short_description == ""

    # Having seen the warning, saving again from the refreshed form goes through.
    fresh = BeautifulSoup(page, "html.parser").find("input", {"name": "shoal_version"})["value"]
    response = staff_client.post(
        edit,
        organisation_form(organisation, short_description="My careful words", shoal_version=fresh),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.short_description == "My careful words"
    assert organisation.locality == "Fernlea"


# --- schemes with their supplier quotes, edited inline -------------------------------------


def scheme_with_quotes(coordinator):
    from consortium.models import Scheme, SupplierQuote

    scheme = Scheme.objects.create(
        title="Winter heating oil",
        coordinator=coordinator,
        commodity="heating-oil",
        unit="litres",
        target_total=20000,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timezone.timedelta(days=20),
        status="open",
    )
    dale = SupplierQuote.objects.create(
        scheme=scheme, supplier="Dale Fuels", unit_price="0.61", chosen=True
    )
    coop = SupplierQuote.objects.create(
        scheme=scheme, supplier="County Oil Co-operative", unit_price="0.59"
    )
    return scheme, dale, coop


def scheme_form(scheme, quotes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "title": scheme.title,
            "coordinator": scheme.coordinator_id,
            "commodity": scheme.commodity,
            "description": "",
            "unit": scheme.unit,
            "minimum_order": "0",
            "target_total": "20000",
            "opens_on": scheme.opens_on.isoformat(),
            "closes_on": scheme.closes_on.isoformat(),
            "unit_price": "",
            "delivery_notes": "",
            "status": scheme.status,
            "quotes": inline_formset(quotes, initial=len([q for q in quotes if "id" in q])),
        }
    )


def test_staff_edit_a_schemes_quotes_inline_and_change_the_chosen_one(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    edit = reverse("consortium_scheme_modeladmin_edit", args=[scheme.pk])
    page = staff_client.get(edit).content.decode()
    assert "Supplier quotes" in page and "County Oil Co-operative" in page
    response = staff_client.post(
        edit,
        scheme_form(
            scheme,
            [
                {"id": coop.pk, "supplier": coop.supplier, "unit_price": "0.59", "chosen": "on"},
                {"id": dale.pk, "supplier": dale.supplier, "unit_price": "0.61"},
                {"supplier": "Valley Heating", "unit_price": "0.65"},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    got = [(q.supplier, q.chosen) for q in scheme.quotes.order_by("unit_price")]
    assert got == [
        ("County Oil Co-operative", True),
        ("Dale Fuels", False),
        ("Valley Heating", False),
    ]


def test_two_chosen_quotes_are_refused_with_a_clear_error(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    edit = reverse("consortium_scheme_modeladmin_edit", args=[scheme.pk])
    response = staff_client.post(
        edit,
        scheme_form(
            scheme,
            [
                {"id": coop.pk, "supplier": coop.supplier, "unit_price": "0.59", "chosen": "on"},
                {"id": dale.pk, "supplier": dale.supplier, "unit_price": "0.61", "chosen": "on"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "Choose one supplier quote at most" in response.content.decode()
    dale.refresh_from_db()
    coop.refresh_from_db()
    assert dale.chosen and not coop.chosen


def test_a_schemes_page_lists_its_quotes_and_links_to_its_history(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    page = staff_client.get(inspect_url("scheme", scheme.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dale Fuels" in text and "County Oil Co-operative" in text
    assert history_url(scheme) in text


def test_resolving_a_report_shows_in_its_history(staff_client, personas):
    report = ListingReport.objects.create(
        listing=listing(personas.organisation), reporter=personas.member, reason="Spam?"
    )
    staff_client.post(reverse("consortium_staff:resolve_report", args=[report.pk]))
    page = staff_client.get(history_url(report))
    assert page.status_code == 200
    newest = BeautifulSoup(page.content, "html.parser").select("section.version")[0]
    assert "staff-persona" in newest.h2.get_text()
    assert "Resolved by" in newest.get_text() and "(empty)" in newest.get_text()
