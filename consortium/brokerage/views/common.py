"""What the listing views share: finding a listing the visitor may see, or refusing."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from consortium import permissions
from consortium.brokerage.models import Listing


def listing_or_404(request, pk):
    """The listing, or 404 for anyone its audience excludes (its existence stays hidden)."""
    listing = get_object_or_404(Listing.objects.select_related("organisation"), pk=pk)
    if not permissions.can_view_listing(request.user, listing):
        raise Http404("No such listing.")
    return listing


def require_signed_in(request):
    """Send visitors who are not signed in to the sign-in page (then back here)."""
    if not permissions.is_signed_in(request.user):
        raise SignInFirst(request)


def require(request, allowed):
    """Send visitors who are not signed in to sign in; refuse the rest when not allowed."""
    require_signed_in(request)
    if not allowed:
        raise PermissionDenied


class SignInFirst(Exception):
    def __init__(self, request):
        self.response = redirect_to_login(request.get_full_path())


def signed_in_view(view):
    """Turn ``SignInFirst`` into the redirect to the sign-in page."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInFirst as needed:
            return needed.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
