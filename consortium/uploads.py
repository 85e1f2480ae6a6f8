"""Files members upload (vault documents, listing attachments): checked by content, served
only as downloads.

A file's name and the browser's Content-Type are claims; its first bytes are evidence. Only
document and raster image types are accepted, each confirmed by what the bytes are, so an
HTML page or SVG renamed ``.pdf`` is refused, and every file is sent back with
``Content-Disposition: attachment`` and ``nosniff`` so a browser never renders it inline.

Looking right is not enough for the files partners and funders open: a PDF must also be read
by a PDF reader (pypdf) and have a page, and an image must be decoded whole by Pillow, so a
file that starts ``%PDF-`` and holds an HTML page is refused too.
"""

import mimetypes
import os
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from PIL import Image
from pypdf import PdfReader

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Extension -> the content type the bytes must turn out to be.
BINARY_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
# Office files are zip archives; the file inside that names the format proves which one.
OFFICE_TYPES = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": ("content.xml", "application/vnd.oasis.opendocument.text"),
    "ods": ("content.xml", "application/vnd.oasis.opendocument.spreadsheet"),
}
# Extension -> the format Pillow must find when it decodes the image.
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
ALLOWED_EXTENSIONS = sorted([*BINARY_TYPES, *OFFICE_TYPES, *TEXT_TYPES])
# Markup that makes a "text" file something a browser could run.
TEXT_RED_FLAGS = (b"<script", b"<html", b"<svg", b"<!doctype", b"<iframe", b"<?xml")


def describe_allowed():
    return ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _head(upload, size=8192):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_upload(upload, max_bytes=MAX_UPLOAD_BYTES):
    """Check an uploaded file; return its content type or raise ``ValidationError``."""
    name = os.path.basename(upload.name or "")
    extension = _extension(name)
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file must be smaller than {filesizeformat(max_bytes)}", code="too_large"
        )
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"The file must be one of: {describe_allowed()}", code="file_type")
    head = _head(upload)
    disguised = ValidationError(
        f"The file’s contents are not a real .{extension} file. Save it again as "
        f"{extension.upper()} and choose it again",
        code="disguised",
    )
    if extension in BINARY_TYPES:
        kind = filetype.guess(head)
        if kind is None or kind.mime != BINARY_TYPES[extension]:
            raise disguised
        if extension == "pdf":
            check_pdf_reads(upload)
        else:
            _check_image_decodes(upload, extension)
        return BINARY_TYPES[extension]
    if extension in OFFICE_TYPES:
        marker, content_type = OFFICE_TYPES[extension]
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise disguised from None
        finally:
            upload.seek(0)
        if marker not in names:
            raise disguised
        return content_type
    # Plain text: must be UTF-8 (or its ASCII subset) with no markup a browser would run.
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is fine.
        if error.start < len(head) - 4:
            raise disguised from None
    lowered = head.lower()
    if b"\x00" in head or any(flag in lowered for flag in TEXT_RED_FLAGS):
        raise disguised
    return TEXT_TYPES[extension]


UNREADABLE_PDF = (
    "This file says it is a PDF but cannot be read as one. Save it again as a PDF and upload it."
)
PDF_WITHOUT_PAGES = "This PDF has no pages. Save it again as a PDF with its pages and upload it."
LOCKED_PDF = (
    "This PDF is protected by a password, so others could not open it. Save a copy without "
    "the password and upload that."
)
IMAGE_TOO_LARGE = (
    "This image is too large to show (more than {pixels:,} pixels). Save a smaller copy and "
    "upload that."
)


def check_pdf_reads(upload):
    """The file is a PDF that a PDF reader opens, with at least one page."""
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(LOCKED_PDF, code="locked_pdf")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse means it is not a PDF we can hold
        raise ValidationError(UNREADABLE_PDF, code="unreadable_pdf") from None
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(PDF_WITHOUT_PAGES, code="pdf_without_pages")


def _check_image_decodes(upload, extension):
    """The file is an image of the format its name says that Pillow decodes whole."""
    unreadable = ValidationError(
        f"This file says it is a {extension.upper()} image but cannot be read as one. Save it "
        f"again as a {extension.upper()} and upload it.",
        code="unreadable_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()  # checks the structure (and PNG checksums) without decoding
            if image.format != IMAGE_FORMATS[extension]:
                raise unreadable
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # decodes every pixel: a cut-short file fails here
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        pixels = 2 * (Image.MAX_IMAGE_PIXELS or 0)
        raise ValidationError(
            IMAGE_TOO_LARGE.format(pixels=pixels), code="image_too_large"
        ) from None
    except Exception:  # noqa: BLE001 - any failure to decode means it is not an image
        raise unreadable from None
    finally:
        upload.seek(0)


def download_response(fieldfile, filename, content_type=None):
    """Send a stored file as a download, never rendered inline by the browser."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
