"""The form that adds a photo to an offer (GOV.UK markup)."""

from django import forms
from django.core.exceptions import ValidationError

from consortium.brokerage.photos import (
    MAX_ALT_TEXT,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    TOO_MANY,
    check_photo,
)
from portal.forms import GovukFormMixin


class PhotoForm(GovukFormMixin, forms.Form):
    length_subjects = {"alt_text": "The description of the photo"}

    photo = forms.FileField(
        label="Photo",
        help_text=(
            f"A JPEG, PNG or WebP image smaller than {MAX_PHOTO_BYTES // 1024 // 1024} MB. "
            "Its location and camera details are removed."
        ),
        error_messages={"required": "Choose a photo to add"},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label="Describe what the photo shows",
        help_text=(
            "People who cannot see the photo hear or read this instead, for example "
            "“Six folding tables stacked against a wall”."
        ),
        max_length=MAX_ALT_TEXT,
        error_messages={"required": "Describe what the photo shows, for people who cannot see it"},
    )

    def __init__(self, *args, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        self.image_format = check_photo(upload)
        return upload

    def clean_alt_text(self):
        text = " ".join(self.cleaned_data["alt_text"].split())
        if not text:
            raise ValidationError(
                "Describe what the photo shows, for people who cannot see it", code="required"
            )
        return text

    def clean(self):
        if self.listing.photos.count() >= MAX_PHOTOS:
            self.add_error("photo", TOO_MANY)
        return super().clean()
