"""Helpers for the photo tests: real little images, one with a GPS position in its EXIF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from consortium.brokerage import photos


def image_bytes(image_format="JPEG", size=(640, 480), gps=False):
    image = Image.new("RGB", size, (0, 98, 94))
    buffer = io.BytesIO()
    extra = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (52.0, 12.0, 30.0), 3: "W", 4: (1.0, 30.0, 0.0)}  # GPSInfo
        extra["exif"] = exif
    image.save(buffer, format=image_format, **extra)
    return buffer.getvalue()


def photo_upload(name="tables.jpg", **options):
    image_format = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[name.rsplit(".", 1)[1]]
    return SimpleUploadedFile(name, image_bytes(image_format, **options))


def add_photos(listing, user, count, alt="Six folding tables"):
    return [
        photos.add_photo(listing, photo_upload(), f"{alt} {n}", user, "JPEG")
        for n in range(1, count + 1)
    ]
