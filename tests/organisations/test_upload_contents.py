"""A vault that funders and partners download from holds only what it says: a PDF is a PDF a
reader opens, with a page, and an image is an image that decodes, not just a file whose first
bytes look right (consortium/uploads.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from consortium.models import DocumentKind, Listing, OrganisationDocument
from consortium.uploads import check_upload
from tests.brokerage.helpers import listing_form
from tests.factories import pdf_bytes, png_bytes
from tests.personas import client_for, make_personas
from tests.public.community import CommunitySite

HTML_BEHIND_A_PDF_HEADER = b"%PDF-1.7\n<!doctype html><script>alert(document.cookie)</script>"
UNREADABLE_PDF = "This file says it is a PDF but cannot be read as one"


def image_bytes(image_format):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format=image_format)
    return out.getvalue()


def locked_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_pages_pdf():
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    return " ".join(refused.value.messages)


# --- In the vault and on a listing, as a member sees it ---------------------------------------


@pytest.fixture
def p(db):
    CommunitySite()
    return make_personas()


def add_to_vault(p, content, name="insurance.pdf"):
    return client_for("member", p).post(
        reverse("organisations:document_add", kwargs={"slug": p.organisation.slug}),
        {
            "kind": DocumentKind.INSURANCE,
            "title": "Insurance certificate 2026",
            "expires_on": "2026-12-31",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_an_html_page_behind_a_pdf_header_is_refused_from_the_vault(p):
    response = add_to_vault(p, HTML_BEHIND_A_PDF_HEADER)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert f"{UNREADABLE_PDF}. Save it again as a PDF and upload it." in errors
    assert "Insurance certificate 2026" in response.content.decode()  # what they typed stays
    assert not OrganisationDocument.objects.exists()


def test_a_real_pdf_goes_into_the_vault(p):
    assert add_to_vault(p, pdf_bytes(pages=2)).status_code == 302
    assert OrganisationDocument.objects.get().content_type == "application/pdf"


def test_an_html_page_behind_a_pdf_header_is_refused_as_a_listing_attachment(p):
    upload = SimpleUploadedFile("plan.pdf", HTML_BEHIND_A_PDF_HEADER, "application/pdf")
    response = client_for("member", p).post(
        reverse("listings:create"), listing_form(attachments=[upload])
    )
    assert response.status_code == 400
    assert UNREADABLE_PDF in " ".join(response.context["form"].errors["attachments"])
    assert not Listing.objects.exists()


# --- The checks themselves --------------------------------------------------------------------


def test_a_pdf_with_no_pages_is_refused():
    assert "This PDF has no pages" in refusal("empty.pdf", no_pages_pdf())


def test_a_pdf_cut_short_is_refused():
    assert UNREADABLE_PDF in refusal("cut.pdf", pdf_bytes()[:200])


def test_a_pdf_locked_with_a_password_is_refused_because_others_could_not_open_it():
    assert "protected by a password" in refusal("locked.pdf", locked_pdf())


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("logo.png", "PNG", "image/png"),
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.jpeg", "JPEG", "image/jpeg"),
        ("banner.gif", "GIF", "image/gif"),
        ("banner.webp", "WEBP", "image/webp"),
    ],
)
def test_real_images_are_accepted(name, image_format, content_type):
    assert check_upload(SimpleUploadedFile(name, image_bytes(image_format))) == content_type


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("logo.png", png_bytes()[:40], "PNG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "PNG"),
        ("photo.jpg", image_bytes("JPEG")[:120], "JPG"),
        ("banner.gif", b"GIF89a<html><script>alert(1)</script></html>", "GIF"),
        ("banner.webp", image_bytes("WEBP")[:30], "WEBP"),
    ],
    ids=["png cut short", "html behind a png header", "jpeg cut short", "html gif", "webp cut"],
)
def test_an_image_that_does_not_decode_is_refused(name, content, kind):
    # Its first bytes look right; decoding it gives it away.
    assert refusal(name, content) == (
        f"This file says it is a {kind} image but cannot be read as one. Save it again as a "
        f"{kind} and upload it."
    )


def test_a_png_with_a_jpeg_name_is_refused():
    assert "not a real .jpg file" in refusal("photo.jpg", png_bytes())
