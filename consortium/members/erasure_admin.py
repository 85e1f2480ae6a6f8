"""Staff carrying out an erasure request (UK GDPR) from the Wagtail admin.

A superuser opens "Erase personal data" from a user's row in Settings → Users, sees what will
be deleted and what kept (and anything that must happen first), and confirms. The erasure is
the same one a person's own "Delete your account" page runs
(:func:`consortium.members.erasure.erase`).
"""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views import View
from wagtail.admin.widgets.button import Button

from consortium import permissions
from consortium.members import erasure


class EraseUserView(View):
    template_name = "consortium/staff/erase_user.html"

    def dispatch(self, request, pk):
        if not permissions.can_erase_accounts(request.user):
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=pk)
        # The password is asked for again only of someone who may erase accounts at all.
        return reauthentication_required(super().dispatch)(request, pk)

    def get(self, request, pk, blockers=None):
        person = self.person
        return TemplateResponse(
            request,
            self.template_name,
            {
                "person": person,
                "name": person.get_full_name() or person.get_username(),
                "addresses": erasure.addresses_of(person),
                "already_erased": erasure.is_erased(person),
                "is_self": person.pk == request.user.pk,
                "blockers": blockers if blockers is not None else erasure.erasure_blockers(person),
            },
        )

    def post(self, request, pk):
        person = self.person
        if erasure.is_erased(person) or person.pk == request.user.pk:
            return self.get(request, pk)
        name = person.get_full_name() or person.get_username()
        try:
            erasure.erase(person, by=request.user)
        except erasure.ErasureRefused as refused:
            return self.get(request, pk, blockers=refused.reasons)
        messages.success(request, f"The personal data of {name} is erased.")
        return redirect("wagtailusers_users:index")


def erase_button(user, request_user):
    """The "Erase personal data" item in the user listing's "More" menu."""
    if not permissions.can_erase_accounts(request_user) or user.pk == request_user.pk:
        return []
    if erasure.is_erased(user):
        return []
    return [
        Button(
            "Erase personal data",
            reverse("consortium_erase_user", args=[user.pk]),
            icon_name="bin",
            priority=90,
        )
    ]


urlpatterns = [
    path("users/<int:pk>/erase/", EraseUserView.as_view(), name="consortium_erase_user"),
]
