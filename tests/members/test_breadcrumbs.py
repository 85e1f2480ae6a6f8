"""One breadcrumb pattern on every members' page: Home > Your account > the area > the item.

Walks every URL of the who-gets-what matrices (tests/members/test_members_access.py) that a
signed-in person may open and an anonymous visitor is sent to sign in for: the members'
pages. (Pages anyone may read, such as offers and opportunities, start Home > the area.)"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.members.test_members_access import MATRICES
from tests.personas import make_personas

NAV = re.compile(r'<nav class="govuk-breadcrumbs".*?</nav>', re.S)
LINK = re.compile(r'<a class="govuk-breadcrumbs__link" href="([^"]*)">([^<]*)</a>')
CURRENT = re.compile(r'aria-current="page">([^<]*)<')


def members_pages(module):
    """(description, url, who may open it) of each members' page the module's matrix names."""
    make = getattr(module, "make_access_personas", make_personas)
    people = make()
    for description, build, expected in module.ACCESS:
        target = build(people)
        if isinstance(target, tuple) or expected.get("anonymous") != 302:
            continue  # a form sent, or a page that does not ask a visitor to sign in
        if target.startswith("/admin/"):
            continue  # the Wagtail admin has its own breadcrumbs
        allowed = [name for name, status in expected.items() if status == 200]
        if allowed:
            chosen = next((name for name in allowed if name != "staff"), allowed[-1])
            yield description, target, people.user(chosen)


def trail(html):
    nav = NAV.search(html)
    if not nav:
        return None
    return LINK.findall(nav.group(0)), CURRENT.findall(nav.group(0))


@pytest.mark.django_db
def test_every_members_page_starts_its_breadcrumbs_home_then_your_account():
    wrong = []
    pages = 0
    for module in MATRICES:
        with transaction.atomic():
            for description, url, user in members_pages(module):
                client = Client()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue  # a download or a redirect: no page to find the way from
                pages += 1
                found = trail(response.content.decode())
                if found is None:
                    wrong.append(f"{description} ({url}): no breadcrumbs")
                    continue
                links, current = found
                labels = [label for _, label in links] + current
                dashboard = reverse("members:dashboard")
                if labels[:2] != ["Home", "Your account"] or (
                    len(links) > 1 and links[1][0] != dashboard
                ):
                    wrong.append(f"{description} ({url}): starts {labels[:2]}")
                if url.startswith("/bids/") and "Joint bids" not in labels:
                    wrong.append(f"{description} ({url}): no “Joint bids”")
            transaction.set_rollback(True)
    assert pages > 30
    assert not wrong, "\n".join(wrong)
