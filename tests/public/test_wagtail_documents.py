"""Documents Communications staff upload in the Wagtail admin hold what they say: a PDF must
open in a PDF reader (home/documents.py), as members' vault uploads must."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

HTML_BEHIND_A_PDF_HEADER = b"%PDF-1.7\n<!doctype html><script>alert(document.cookie)</script>"


def add_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Annual report",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_staff_cannot_upload_an_html_page_named_as_a_pdf(client, admin_user):
    client.force_login(admin_user)
    response = add_document(client, "report.pdf", HTML_BEHIND_A_PDF_HEADER)
    assert response.status_code == 200
    assert "This file says it is a PDF but cannot be read as one" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_staff_upload_a_real_pdf_and_other_documents_as_before(client, admin_user):
    client.force_login(admin_user)
    assert add_document(client, "report.pdf", pdf_bytes()).status_code == 302
    assert add_document(client, "minutes.txt", b"Minutes of the AGM").status_code == 302
    assert get_document_model().objects.count() == 2
