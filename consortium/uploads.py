"""Files members upload (vault documents, listing attachments): checked by content, served
only as downloads.

A file's name and the browser's Content-Type are claims; its first bytes are evidence. Only
document and raster image types are accepted, each confirmed by what the bytes are, so an
HTML page or SVG renamed ``.pdf`` is refused, and every file is sent back with
``Content-Disposition: attachment`` and ``nosniff`` so a browser never renders it inline.
"""

import mimetypes
import os
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

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


def download_response(fieldfile, filename, content_type=None):
    """Send a stored file as a download, never rendered inline by the browser."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
