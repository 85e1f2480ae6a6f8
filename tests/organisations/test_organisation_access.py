"""Organisations: who may open each page (the ACCESS matrix), and every page and form
answer is valid HTML."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consortium.models import Theme
from consortium.organisations import memberships
from home.models import ForumMember
from tests.factories import UserFactory
from tests.organisations.helpers import listing, private_organisation, registration, url
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db


# --- who may open each page -----------------------------------------------------------------

SIGN_IN = 302
ALL_200 = dict.fromkeys(PERSONAS, 200)
MEMBERS_ONLY = {
    "anonymous": SIGN_IN,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
ADMINS_ONLY = {**MEMBERS_ONLY, "member": 403}
# The vault is private: people outside the organisation are not told that it exists.
VAULT = {**MEMBERS_ONLY, "volunteer": 404, "other_member": 404}

ACCESS = [
    ("the directory", lambda p: url("directory"), ALL_200),
    ("a public profile", lambda p: url("profile", p.organisation), ALL_200),
    (
        "a private profile",
        lambda p: url("profile", private_organisation(p)),
        {**ALL_200, "anonymous": 404},
    ),
    (
        "registering an organisation",
        lambda p: url("register"),
        {**ALL_200, "anonymous": SIGN_IN},
    ),
    (
        "disputing another organisation's org-id",
        lambda p: reverse("organisations:dispute_org_id", args=[p.organisation.org_id]),
        {**ALL_200, "anonymous": SIGN_IN, "member": 403, "org_admin": 403},
    ),
    ("editing the profile", lambda p: url("edit", p.organisation), ADMINS_ONLY),
    (
        "asking to join",
        lambda p: url("join", p.organisation),
        {**ALL_200, "anonymous": SIGN_IN, "member": 403, "org_admin": 403},
    ),
    ("the members page", lambda p: url("members", p.organisation), ADMINS_ONLY),
    ("the document vault", lambda p: url("documents", p.organisation), VAULT),
    ("adding a document", lambda p: url("document_add", p.organisation), VAULT),
    (
        "replacing a document",
        lambda p: url("document_replace", p.organisation, pk=vault_document(p).pk),
        VAULT,
    ),
    (
        "deleting a document",
        lambda p: url("document_delete", p.organisation, pk=vault_document(p).pk),
        VAULT,
    ),
    (
        "downloading a document",
        lambda p: url("document_download", p.organisation, pk=vault_document(p).pk),
        VAULT,
    ),
]


def vault_document(p):
    from consortium.models import DocumentKind, OrganisationDocument

    document = OrganisationDocument(
        organisation=p.organisation, kind=DocumentKind.SAFEGUARDING, title="Safeguarding policy"
    )
    document.file.save("safeguarding.txt", SimpleUploadedFile("s.txt", b"Our policy"), save=False)
    document.original_name = "safeguarding.txt"
    document.content_type = "text/plain"
    document.save()
    return document


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "build_url", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_who_may_open_each_organisation_page(p, persona, description, build_url, expected):
    response = client_for(persona, p).get(build_url(p))
    assert response.status_code == expected[persona], description
    if expected[persona] == SIGN_IN:
        assert response["Location"].startswith(reverse("login"))


# --- valid HTML -------------------------------------------------------------------------------


def test_every_organisation_page_and_form_answer_is_valid_html(site, p, tmp_path):
    from tests.organisations.test_vault import upload
    from tests.platform.test_valid_html import validate

    ForumMember.objects.create(page=site.forum(title="Food Forum"), organisation=p.organisation)
    p.organisation.themes.add(Theme.objects.create(name="Food", slug="food"))
    p.organisation.verified_on = datetime.date(2026, 1, 2)
    p.organisation.save()
    listing(p.organisation, "Folding tables")
    memberships.ask_to_join(UserFactory(username="asker"), p.organisation, "<b>hi</b>")
    admin = client_for("org_admin", p)
    upload(admin, p)
    document = p.organisation.documents.get()
    answers = {
        "directory": client_for("anonymous", p).get(url("directory") + "?q=food&area=north"),
        "profile": admin.get(url("profile", p.organisation)),
        "register with errors": admin.post(url("register"), registration(charity_number="1")),
        "edit": admin.get(url("edit", p.organisation)),
        "edit with errors": admin.post(url("edit", p.organisation), {"name": ""}),
        "join": client_for("other_member", p).get(url("join", p.organisation)),
        "members": admin.get(url("members", p.organisation)),
        "documents": admin.get(url("documents", p.organisation)),
        "document with errors": admin.post(url("document_add", p.organisation), {}),
        "replace": admin.get(url("document_replace", p.organisation, pk=document.pk)),
        "delete": admin.get(url("document_delete", p.organisation, pk=document.pk)),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
