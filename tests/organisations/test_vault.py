"""The due-diligence vault: upload, replace, delete, download, and expiry reminders."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from consortium import uploads
from consortium.models import DocumentKind, OrganisationDocument, Person
from consortium.organisations.vault import send_document_reminders, send_document_reminders_task
from tests.factories import pdf_bytes
from tests.personas import client_for, make_personas
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


@pytest.fixture
def p():
    CommunitySite()
    return make_personas()


def url(name, p, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"slug": p.organisation.slug, **kwargs})


def upload(client, p, name="insurance.pdf", content=PDF, **fields):
    data = {
        "kind": DocumentKind.INSURANCE,
        "title": "Insurance certificate 2026",
        "expires_on": "2026-12-31",
        "file": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(url("document_add", p), data)


def test_a_member_uploads_a_document_and_sees_when_it_expires(p):
    client = client_for("member", p)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12), tick=False):
        assert upload(client, p).status_code == 302
        html = client.get(url("documents", p)).content.decode()
    document = OrganisationDocument.objects.get()
    assert document.organisation == p.organisation
    assert document.uploaded_by == p.member
    assert document.content_type == "application/pdf"
    assert document.file.name.startswith(f"vault/{p.organisation.pk}/")
    assert "Insurance certificate 2026" in html
    assert "Expires in 30 days" in html


def test_an_expired_document_is_tagged_expired(p):
    client = client_for("member", p)
    upload(client, p, expires_on="2026-01-31")
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12), tick=False):
        html = client.get(url("documents", p)).content.decode()
    assert ">Expired<" in html


def test_html_disguised_as_a_pdf_is_refused_on_the_form(p):
    response = upload(
        client_for("member", p), p, content=b"<!doctype html><script>alert(1)</script>"
    )
    assert response.status_code == 200
    assert "not a real .pdf file" in " ".join(response.context["form"].errors["file"])
    assert "Insurance certificate 2026" in response.content.decode()  # what they typed stays
    assert not OrganisationDocument.objects.exists()


def test_an_oversized_file_is_refused_on_the_form(p, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    monkeypatch.setattr(uploads.check_upload, "__defaults__", (100,))
    response = upload(client_for("member", p), p, content=PDF + b"x" * 200)
    assert "smaller than 100" in " ".join(response.context["form"].errors["file"])
    assert not OrganisationDocument.objects.exists()


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [("1999-12-31", "after 1 January 2000"), ("2090-01-01", "next 20 years"), ("31/02/2026", "")],
)
def test_impossible_expiry_dates_are_refused(p, expires_on, message):
    response = upload(client_for("member", p), p, expires_on=expires_on)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["expires_on"])
    assert not OrganisationDocument.objects.exists()


def test_download_is_an_attachment_for_members_and_refused_to_others(p):
    upload(client_for("member", p), p)
    document = OrganisationDocument.objects.get()
    response = client_for("member", p).get(url("document_download", p, pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    for outsider in ("other_member", "volunteer"):
        refused = client_for(outsider, p).get(url("document_download", p, pk=document.pk))
        assert refused.status_code == 404  # not told that the document exists


def test_a_document_of_another_organisation_is_not_found_under_this_one(p):
    upload(client_for("member", p), p)
    document = OrganisationDocument.objects.get()
    other = reverse(
        "organisations:document_download",
        kwargs={"slug": p.other_organisation.slug, "pk": document.pk},
    )
    assert client_for("other_member", p).get(other).status_code == 404


def test_the_vault_is_never_served_from_the_public_media_url(p, client, settings):
    settings.SERVE_MEDIA = True
    upload(client_for("member", p), p)
    document = OrganisationDocument.objects.get()
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404
    # Nor by a detour through another folder, which the file view would otherwise resolve.
    detour = settings.MEDIA_URL + "images/../" + document.file.name
    assert client.get(detour).status_code == 404


def test_replacing_a_document_keeps_one_copy_and_restarts_reminders(p):
    client = client_for("member", p)
    upload(client, p)
    document = OrganisationDocument.objects.get()
    old_name = document.file.name
    OrganisationDocument.objects.filter(pk=document.pk).update(
        reminder_sent_on=datetime.date(2026, 12, 1)
    )
    response = client.post(
        url("document_replace", p, pk=document.pk),
        {
            "kind": DocumentKind.INSURANCE,
            "title": "Insurance certificate 2027",
            "expires_on": "2027-12-31",
            "file": SimpleUploadedFile("new.pdf", PDF + b"%new"),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Insurance certificate 2027"
    assert document.reminder_sent_on is None
    assert document.file.read().endswith(b"%new")
    assert not document.file.storage.exists(old_name)
    assert OrganisationDocument.objects.count() == 1


def test_deleting_a_document_removes_it_and_its_file(p):
    client = client_for("member", p)
    upload(client, p)
    document = OrganisationDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    assert client.post(url("document_delete", p, pk=document.pk)).status_code == 302
    assert not OrganisationDocument.objects.exists()
    assert not storage.exists(name)


def test_another_organisation_cannot_delete_a_document(p):
    upload(client_for("member", p), p)
    document = OrganisationDocument.objects.get()
    response = client_for("other_member", p).post(url("document_delete", p, pk=document.pk))
    assert response.status_code == 404
    assert OrganisationDocument.objects.filter(pk=document.pk).exists()


# --- reminders ------------------------------------------------------------------------------


def make_document(p, expires_on, title="Safeguarding policy"):
    return OrganisationDocument.objects.create(
        organisation=p.organisation,
        kind=DocumentKind.SAFEGUARDING,
        title=title,
        file="vault/x.pdf",
        expires_on=expires_on,
    )


def test_members_are_reminded_once_per_document_before_it_expires(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    soon = make_document(p, datetime.date(2026, 6, 20))
    make_document(p, datetime.date(2026, 9, 1), title="Later policy")
    travel = time_machine.travel(datetime.datetime(2026, 6, 1, 8), tick=False)
    with travel, django_capture_on_commit_callbacks(execute=True):
        call_command("send_document_reminders")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([p.member.email, p.org_admin.email])
    assert "Safeguarding policy" in mailoutbox[0].subject
    assert "20 June 2026" in mailoutbox[0].subject
    soon.refresh_from_db()
    assert soon.reminder_sent_on == datetime.date(2026, 6, 1)
    travel = time_machine.travel(datetime.datetime(2026, 6, 2, 8), tick=False)
    with travel, django_capture_on_commit_callbacks(execute=True):
        assert send_document_reminders() == 0
    assert len(mailoutbox) == 2


def test_people_who_turned_off_document_reminders_are_not_emailed(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    Person.objects.filter(user=p.member).update(muted=["document-expiring"])
    make_document(p, datetime.date(2026, 6, 20))
    travel = time_machine.travel(datetime.datetime(2026, 6, 1, 8), tick=False)
    with travel, django_capture_on_commit_callbacks(execute=True):
        send_document_reminders()
    assert [m.to for m in mailoutbox] == [[p.org_admin.email]]


def test_reminders_also_run_as_a_background_task(p, mailoutbox, django_capture_on_commit_callbacks):
    make_document(p, datetime.date(2026, 6, 20))
    travel = time_machine.travel(datetime.datetime(2026, 6, 1, 8), tick=False)
    with travel, django_capture_on_commit_callbacks(execute=True):
        result = send_document_reminders_task.enqueue()
    assert result.return_value == 1
    assert len(mailoutbox) == 2
