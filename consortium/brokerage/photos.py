"""Photos on offers: up to four, each with alt text, in the order the organisation chooses.

An upload passes the members' upload checks (``consortium.uploads``: the bytes are a real
JPEG, PNG or WebP that Pillow decodes whole), then Pillow draws it again: turned the way the
camera meant, no larger than ``FULL_SIZE``, and saved without its metadata, so a phone's GPS
position never leaves the uploader's hands. A smaller copy is made for the cards.
"""

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max
from PIL import Image, ImageOps

from consortium.uploads import check_upload

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_ALT_TEXT = 150
PHOTO_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
FULL_SIZE = (1600, 1600)
CARD_SIZE = (320, 240)
TOO_MANY = f"An offer can have at most {MAX_PHOTOS} photos. Remove one to add another."
WRONG_TYPE = "The photo must be a JPEG, PNG or WebP image"


def photo_path(instance, filename):
    # A random folder: the files must not be found by guessing their address.
    return f"listing-photos/{instance.listing_id}/{uuid.uuid4().hex}/{filename}"


class ListingPhoto(models.Model):
    """A photo of what an offer offers, with the words a screen reader says for it."""

    listing = models.ForeignKey(
        "consortium.Listing", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(upload_to=photo_path, max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    card = models.FileField(upload_to=photo_path, max_length=255)
    card_width = models.PositiveIntegerField()
    card_height = models.PositiveIntegerField()
    content_type = models.CharField(max_length=40)
    alt_text = models.CharField(
        max_length=MAX_ALT_TEXT, help_text="What the photo shows, for people who cannot see it"
    )
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


def check_photo(upload):
    """Check an uploaded photo; return its Pillow format name or raise ``ValidationError``."""
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in PHOTO_EXTENSIONS:
        raise ValidationError(WRONG_TYPE, code="file_type")
    check_upload(upload, max_bytes=MAX_PHOTO_BYTES)
    return PHOTO_EXTENSIONS[extension]


def _redrawn(image, size, image_format):
    copy = image.copy()
    copy.thumbnail(size)
    if image_format == "JPEG" and copy.mode not in ("RGB", "L"):
        copy = copy.convert("RGB")
    buffer = io.BytesIO()
    # Saved without exif= or pnginfo=: Pillow writes none of the original's metadata.
    copy.save(buffer, format=image_format, quality=85)
    return buffer.getvalue(), copy.size


def add_photo(listing, upload, alt_text, user, image_format):
    """Save a checked upload as the listing's last photo; refuse a fifth."""
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        full, (width, height) = _redrawn(image, FULL_SIZE, image_format)
        card, (card_width, card_height) = _redrawn(image, CARD_SIZE, image_format)
    with transaction.atomic():
        # Counted under a lock on the listing, so two uploads at once cannot make five.
        type(listing).objects.select_for_update().filter(pk=listing.pk).first()
        if listing.photos.count() >= MAX_PHOTOS:
            raise ValidationError(TOO_MANY, code="too_many")
        last = listing.photos.aggregate(last=Max("position"))["last"]
        photo = ListingPhoto(
            listing=listing,
            width=width,
            height=height,
            card_width=card_width,
            card_height=card_height,
            content_type=CONTENT_TYPES[image_format],
            alt_text=alt_text,
            position=0 if last is None else last + 1,
            uploaded_by=user,
        )
        photo.image.save(f"photo.{extension}", ContentFile(full), save=False)
        photo.card.save(f"card.{extension}", ContentFile(card), save=False)
        photo.save()
    return photo


def remove_photo(photo):
    """Delete the photo, and its files once the deletion is committed (not before: a
    rolled-back request must not leave a photo whose files are gone)."""
    files = [(field.storage, field.name) for field in (photo.image, photo.card)]
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def move_photo(photo, step):
    """Swap the photo with its neighbour: ``step`` -1 moves it earlier, +1 later."""
    photos = list(photo.listing.photos.all())
    index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
    other = index + step
    if not 0 <= other < len(photos):
        return
    photos[index], photos[other] = photos[other], photos[index]
    with transaction.atomic():
        for position, each in enumerate(photos):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
