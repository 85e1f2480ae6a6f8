"""An offer's photos: the page where its organisation adds, orders and removes them, and
the photo files themselves, sent only to those who may see the listing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from consortium import permissions
from consortium.brokerage import photos as photo_rules
from consortium.brokerage.photos import MAX_PHOTOS, ListingPhoto

from .common import listing_or_404, require, signed_in_view
from .photo_forms import PhotoForm


def _photo_or_404(request, pk):
    photo = get_object_or_404(ListingPhoto.objects.select_related("listing"), pk=pk)
    if not permissions.can_view_photo(request.user, photo):
        raise Http404("No such photo.")
    return photo


@signed_in_view
def manage(request, pk):
    """The offer's photos; a new one is added by POST."""
    listing = listing_or_404(request, pk)
    require(request, permissions.can_manage_photos(request.user, listing))
    form = PhotoForm(request.POST or None, request.FILES or None, listing=listing)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                photo_rules.add_photo(
                    listing,
                    form.cleaned_data["photo"],
                    form.cleaned_data["alt_text"],
                    request.user,
                    form.image_format,
                )
            except ValidationError as error:
                form.add_error("photo", error)
            else:
                messages.success(request, "The photo is added")
                return redirect("listings:photos", pk=listing.pk)
        status = 400
    photos = list(listing.photos.all())
    return render(
        request,
        "consortium/brokerage/photos.html",
        {
            "listing": listing,
            "photos": photos,
            "form": form,
            "room": len(photos) < MAX_PHOTOS,
            "max_photos": MAX_PHOTOS,
        },
        status=status,
    )


def _owned_photo(request, pk):
    photo = _photo_or_404(request, pk)
    require(request, permissions.can_manage_photos(request.user, photo.listing))
    return photo


@require_POST
@signed_in_view
def remove(request, pk):
    photo = _owned_photo(request, pk)
    photo_rules.remove_photo(photo)
    messages.success(request, "The photo is removed")
    return redirect("listings:photos", pk=photo.listing_id)


@require_POST
@signed_in_view
def move(request, pk):
    """Move a photo one place earlier ("up") or later ("down"); the first is on the card."""
    photo = _owned_photo(request, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is not None:
        photo_rules.move_photo(photo, step)
        messages.success(request, "The photos are in their new order")
    return redirect("listings:photos", pk=photo.listing_id)


def _image_response(field, content_type):
    # Shown inline: these files were drawn again by Pillow, so they hold only pixels.
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def image(request, pk):
    photo = _photo_or_404(request, pk)
    return _image_response(photo.image, photo.content_type)


@require_GET
def card(request, pk):
    photo = _photo_or_404(request, pk)
    return _image_response(photo.card, photo.content_type)
