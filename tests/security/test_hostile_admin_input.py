"""Staff type the hostile corpus into the Wagtail admin: page titles and summaries, rich text
(including a forged link to ``javascript:``), embed addresses, snippets (funds, the site
settings) and the Brokerage admin's modeladmin forms. The admin's own screens and the public
pages keep it as text; a refusal is a form error, never a server error.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.models import Page

from home.models import Fund, SiteSettings, SurveyPage
from tests.brokerage.data import make_listing
from tests.hostile import PAYLOADS, assert_html_inert, marker, page_text
from tests.security.forms import submit
from tests.security.world import make_hostile_world

pytestmark = pytest.mark.django_db

NAMES = list(PAYLOADS)


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def forged_rich_text(payload):
    """What Draftail posts, with a link to a ``javascript:`` address (a forged post)."""
    text = f"hostile-rich {payload[:400]}"
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 12, "key": 0}],
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": 'javascript:alert("hostile-rich")'},
                }
            },
        }
    )


def shown(client, url, server, name=None):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert_html_inert(response.content, server[0], where=url)
    if name is not None:
        assert marker(name) in page_text(response.content), f"{url}: the typed text is missing"
    return response


@pytest.mark.parametrize("name", NAMES)
def test_page_titles_summaries_and_rich_text_typed_in_the_admin_stay_inert(
    staff, home_page, server, name
):
    payload = PAYLOADS[name].replace("{server}", server[0])
    add = f"/admin/pages/add/home/surveypage/{home_page.pk}/"
    choices = {
        "slug": "staff-typed-page",
        "introduction": forged_rich_text(payload),
        "body-count": "0",
        "thank_you_text": forged_rich_text(payload),
        "action-publish": "1",
    }
    _, saved = submit(
        staff,
        add,
        payload,
        server[0],
        values=choices,
        keep=["search_description", "from_address", "to_address"],
    )
    if not saved:
        assert not SurveyPage.objects.exists()
        return
    page = SurveyPage.objects.get()
    assert 'href="javascript' not in page.introduction, "a javascript: link was stored"
    shown(staff, f"/admin/pages/{page.pk}/edit/", server, name)
    shown(staff, f"/admin/pages/{home_page.pk}/", server)
    if page.live:
        public = shown(staff, page.url, server, name)
        assert "hostile-rich" in page_text(public.content)
    shown(staff, "/admin/", server)


@pytest.mark.parametrize("name", NAMES)
def test_embed_addresses_typed_in_the_admin_are_refused_without_fetching(server, name):
    payload = PAYLOADS[name].replace("{server}", server[0])
    with pytest.raises(ValidationError):
        EmbedBlock().clean(EmbedValue(payload))


@pytest.mark.parametrize("name", NAMES)
def test_snippets_and_site_settings_typed_in_the_admin_stay_inert(staff, home_page, server, name):
    payload = PAYLOADS[name].replace("{server}", server[0])
    _, saved = submit(staff, "/admin/snippets/home/fund/add/", payload, server[0], keep=["website"])
    if saved:
        assert Fund.objects.exists()
        shown(staff, "/admin/snippets/home/fund/", server, name)
    settings = SiteSettings.for_site(home_page.get_site())
    url = f"/admin/settings/home/sitesettings/{home_page.get_site().pk}/"
    keep = ["contact_email", "contact_phone", "charity_number"]
    choices = {"footer_text": forged_rich_text(payload), "social_links-count": "0"}
    _, saved = submit(staff, url, payload, server[0], keep=keep, values=choices)
    settings.refresh_from_db()
    if saved:
        assert 'href="javascript' not in settings.footer_text
    shown(staff, "/", server)
    shown(staff, url, server)


@pytest.mark.parametrize("name", NAMES)
def test_the_brokerage_admin_forms_keep_what_staff_type_inert(staff, home_page, server, name):
    payload = PAYLOADS[name].replace("{server}", server[0])
    world = make_hostile_world()
    listing = make_listing(world.bids.lead_org)
    edit = f"/admin/consortium/listing/edit/{listing.pk}/"
    _, saved = submit(staff, edit, payload, server[0], keep=["unit", "slug"])
    if saved:
        shown(staff, "/admin/consortium/listing/", server)
        shown(staff, f"/admin/consortium/listing/inspect/{listing.pk}/", server, name)
        shown(world.client("lead"), f"/resources/{listing.pk}/", server, name)
    organisation = world.bids.partner_org
    numbers = ["charity_number", "oscr_number", "ccni_number", "company_number", "postcode"]
    submit(
        staff,
        f"/admin/snippets/consortium/organisation/edit/{organisation.pk}/",
        payload,
        server[0],
        keep=[*numbers, "website", "org_id", "slug"],
    )
    shown(staff, "/admin/snippets/consortium/organisation/", server)
    assert Page.objects.filter(pk=home_page.pk).exists()
