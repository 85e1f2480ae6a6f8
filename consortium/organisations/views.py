"""Organisations: the public directory, profiles, registering, joining and members (the vault
is in ``vault_views``). Every view asks ``consortium.permissions`` first."""

import logging
import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consortium import permissions
from consortium.organisations import groups, memberships
from consortium.organisations.forms import (
    EditOrganisationForm,
    JoinForm,
    MembershipActionForm,
    RegisterOrganisationForm,
)
from consortium.organisations.models import Area, LegalForm, Organisation, Theme
from consortium.organisations.people import Membership, MembershipStatus
from portal.forms import GovukFormMixin, LongSelect, prepared_choices
from portal.repeated import public, remember, remember_query

logger = logging.getLogger(__name__)
PAGE_SIZE = 20
SEARCH_LIMIT = 500


# Forums and clusters ----------------------------------------------------------------------


def group_link_models(kind):
    """The link models for forums (``kind="forum"``) or clusters, told apart by name."""
    return [m for m in groups.link_models() if m._meta.model_name.startswith(kind)]


def group_pages(kind, organisation=None):
    """Live forum or cluster pages (those the organisation belongs to, if given), in one query."""
    in_group = Q(pk__in=[])
    for model in group_link_models(kind):
        links = model.objects.all()
        if organisation is not None:
            links = links.filter(organisation=organisation)
        in_group |= Q(id__in=links.values("page_id"))
    return public(Page.objects.live()).filter(in_group).order_by("title")


def organisations_in_group(kind, page_id):
    ids = set()
    for model in group_link_models(kind):
        ids.update(model.objects.filter(page_id=page_id).values_list("organisation_id", flat=True))
    return ids


# Helpers -------------------------------------------------------------------------------


def _organisation(slug):
    return get_object_or_404(Organisation, slug=slug)


def _require(request, allowed):
    """Send visitors to sign in; refuse signed-in people who may not."""
    if not permissions.is_signed_in(request.user):
        raise _SignIn
    if not allowed:
        raise PermissionDenied


class _SignIn(Exception):
    pass


def members_view(view):
    """Views for signed-in people: anonymous visitors are sent to sign in first."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# The directory ----------------------------------------------------------------------------


class DirectoryForm(GovukFormMixin, forms.Form):
    length_subjects = {"q": "Your search"}

    q = forms.CharField(label="Search by name or what they do", required=False, max_length=200)
    area = forms.ChoiceField(label="Area", required=False, widget=LongSelect)
    theme = forms.ChoiceField(label="Theme", required=False, widget=LongSelect)
    forum = forms.ChoiceField(label="Forum", required=False, widget=LongSelect)
    cluster = forms.ChoiceField(label="Cluster", required=False, widget=LongSelect)
    legal_form = forms.ChoiceField(label="Legal form", required=False, widget=LongSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", "Any")]
        self.fields["area"].choices = anything + list(Area.choices)
        self.fields["legal_form"].choices = anything + list(LegalForm.choices)
        for name, choices in remember(
            "directory-choices", compute=directory_choices, local=True
        ).items():
            self.fields[name].choices = prepared_choices((*anything, *choices))


def directory_choices():
    """The themes, forums and clusters to filter by: the same for everyone, so cached until
    the content changes (hundreds of forums and clusters in a county). Each process makes
    their ``<option>``s once for as long as they stay the same (``prepared_choices``)."""
    return {
        "theme": [(t.slug, t.name) for t in Theme.objects.only("slug", "name")],
        "forum": [(str(p.pk), p.title) for p in group_pages("forum").only("pk", "title")],
        "cluster": [(str(p.pk), p.title) for p in group_pages("cluster").only("pk", "title")],
    }


def search_ids(query):
    """Organisations whose name or description matches, through the search backend, and
    whose name contains the words typed (so a partial name finds it too)."""
    # Only words go to the backend: quotes and operators mean something to SQLite's FTS5
    # and PostgreSQL, and an unmatched one is an error there.
    words = " ".join(re.sub(r"[^\w\s]", " ", query).split())
    ids = set()
    if words:
        try:
            with transaction.atomic():
                results = get_search_backend().search(words, Organisation)[:SEARCH_LIMIT]
                ids = {o.pk for o in results}
        except DatabaseError:
            logger.warning("Organisation search failed for %r", words, exc_info=True)
    ids.update(
        Organisation.objects.filter(name__icontains=query).values_list("pk", flat=True)[
            :SEARCH_LIMIT
        ]
    )
    return ids


def directory(request):
    """Member organisations: search and filters, private profiles only for members."""
    form = DirectoryForm(request.GET or None)
    organisations = permissions.visible_organisations(request.user, Organisation.objects.all())
    filtered = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            organisations = organisations.filter(pk__in=search_ids(data["q"].strip()))
        if data["area"]:
            organisations = organisations.filter(area=data["area"])
        if data["legal_form"]:
            organisations = organisations.filter(legal_form=data["legal_form"])
        if data["theme"]:
            organisations = organisations.filter(themes__slug=data["theme"])
        for kind in ("forum", "cluster"):
            if data[kind]:
                organisations = organisations.filter(
                    pk__in=organisations_in_group(kind, int(data[kind]))
                )
        filtered = any(str(v).strip() for v in data.values())
    organisations = organisations.only(
        "name", "slug", "org_id", "area", "locality", "short_description", "verified_on"
    ).order_by("name")
    paginator = Paginator(organisations, PAGE_SIZE)
    # Counting a county's organisations costs more than the page of them: the count is kept
    # under its SQL (who may see what, and the filters) until anything changes.
    paginator.count = remember_query("directory-count", organisations, organisations.count)
    page_obj = paginator.get_page(request.GET.get("page"))
    extra_query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "consortium/organisations/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "organisations": page_obj.object_list,
            "filtered": filtered,
            "extra_query": extra_query,
            "can_register": permissions.can_register_organisation(request.user),
        },
    )


# The profile ----------------------------------------------------------------------------


def profile(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("logo"), slug=slug)
    if not permissions.can_view_organisation(request.user, organisation):
        raise Http404("No such organisation.")
    pending = None
    if permissions.is_signed_in(request.user):
        pending = Membership.objects.filter(
            user=request.user, organisation=organisation, status=MembershipStatus.REQUESTED
        ).exists()
    return render(
        request,
        "consortium/organisations/profile.html",
        {
            "organisation": organisation,
            "themes": list(organisation.themes.all()),
            "forums": list(group_pages("forum", organisation)),
            "clusters": list(group_pages("cluster", organisation)),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "can_see_documents": permissions.can_view_documents(request.user, organisation),
            "can_download_data": permissions.can_download_organisation_data(
                request.user, organisation
            ),
            "can_join": permissions.can_ask_to_join(request.user, organisation) and not pending,
            "join_pending": pending,
        },
    )


# Registering and editing ----------------------------------------------------------------------


def offer(user, form, claimant=None):
    """What the form page offers when a number is taken (``form.clash``): the holder, a
    link to ask to join it (if the person may) and one to dispute it. None otherwise."""
    if getattr(form, "clash", None) is None:
        return None
    _field, org_id, holder = form.clash
    query = {"for": claimant.slug} if claimant else {"name": form.data.get("name", "")[:200]}
    query = urlencode({k: v for k, v in query.items() if v})
    may_join = permissions.can_view_organisation(user, holder) and permissions.can_ask_to_join(
        user, holder
    )
    return {
        "holder": holder,
        "org_id": org_id,
        "already_member": permissions.is_member_of(user, holder),
        "join_url": reverse("organisations:join", args=[holder.slug]) if may_join else None,
        "profile_url": reverse("organisations:profile", args=[holder.slug]),
        "dispute_url": reverse("organisations:dispute_org_id", args=[org_id])
        + (f"?{query}" if query else ""),
    }


@members_view
@require_http_methods(["GET", "POST"])
def register(request):
    _require(request, permissions.can_register_organisation(request.user))
    form = RegisterOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = memberships.register(form, request.user)
        except IntegrityError:
            # Someone took the number between checking and saving: check again, which
            # names them on the form.
            form = RegisterOrganisationForm(request.POST)
            form.is_valid()
            return _register_page(request, form)
        messages.success(
            request,
            f"{organisation.name} is registered and you are its organisation admin. "
            "Brokerage staff will check its details against the registers.",
        )
        return redirect("organisations:profile", slug=organisation.slug)
    return _register_page(request, form)


def _register_page(request, form):
    return render(
        request,
        "consortium/organisations/register.html",
        {
            "form": form,
            "heading": "Register an organisation",
            "submit_label": "Register",
            "org_id_taken": offer(request.user, form),
        },
    )


@members_view
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    organisation = _organisation(slug)
    _require(request, permissions.can_edit_organisation(request.user, organisation))
    if request.method == "POST":
        form = EditOrganisationForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                # A number taken between checking and saving: check again to name who.
                organisation.refresh_from_db()
                form = EditOrganisationForm(request.POST, request.FILES, instance=organisation)
                form.is_valid()
            else:
                messages.success(request, "The profile is saved.")
                return redirect("organisations:profile", slug=organisation.slug)
        # The form's instance took the typed values; show the saved name in the heading.
        organisation.refresh_from_db()
    else:
        form = EditOrganisationForm(instance=organisation)
    return render(
        request,
        "consortium/organisations/edit.html",
        {
            "form": form,
            "organisation": organisation,
            "org_id_taken": offer(request.user, form, claimant=organisation),
        },
    )


# Joining and members -------------------------------------------------------------------


@members_view
@require_http_methods(["GET", "POST"])
def join(request, slug):
    organisation = _organisation(slug)
    if not permissions.can_view_organisation(request.user, organisation):
        raise Http404("No such organisation.")
    _require(request, permissions.can_ask_to_join(request.user, organisation))
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _membership, asked = memberships.ask_to_join(
            request.user, organisation, form.cleaned_data["message"]
        )
        if asked:
            messages.success(
                request, f"Your request is sent. {organisation.name}’s admins will decide."
            )
        else:
            messages.info(request, "You have already asked to join. Its admins will decide.")
        return redirect("organisations:profile", slug=organisation.slug)
    return render(
        request,
        "consortium/organisations/join.html",
        {"form": form, "organisation": organisation},
    )


@members_view
@require_http_methods(["GET", "POST"])
def members(request, slug):
    organisation = _organisation(slug)
    _require(request, permissions.can_manage_memberships(request.user, organisation))
    if request.method == "POST":
        form = MembershipActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose what to do with someone in the list.")
            return redirect("organisations:members", slug=slug)
        membership = get_object_or_404(
            Membership.objects.select_related("user", "organisation"),
            pk=form.cleaned_data["membership"],
            organisation=organisation,
        )
        action = form.cleaned_data["action"]
        name = membership.user.get_full_name() or membership.user.get_username()
        try:
            if action in ("approve", "decline"):
                if membership.status != MembershipStatus.REQUESTED:
                    raise ValidationError(f"{name} has no request waiting.")
                memberships.decide(membership, action == "approve", request.user)
                done = "approved" if action == "approve" else "declined"
                messages.success(request, f"{name}’s request is {done}.")
            elif membership.status != MembershipStatus.APPROVED:
                raise ValidationError(f"{name} is not a member.")
            elif action == "remove":
                memberships.remove(membership, request.user)
                messages.success(request, f"{name} is no longer a member.")
            else:
                membership = memberships.change_role(membership, form.role(), request.user)
                messages.success(
                    request, f"{name} is now: {membership.get_role_display().lower()}."
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        permissions.forget(request.user)
        if not permissions.can_manage_memberships(request.user, organisation):
            return redirect("organisations:profile", slug=slug)
        return redirect("organisations:members", slug=slug)
    people = Membership.objects.filter(organisation=organisation).select_related("user")
    return render(
        request,
        "consortium/organisations/members.html",
        {
            "organisation": organisation,
            "requests": [m for m in people if m.status == MembershipStatus.REQUESTED],
            "current": [m for m in people if m.status == MembershipStatus.APPROVED],
            "can_download_data": permissions.can_download_organisation_data(
                request.user, organisation
            ),
        },
    )


# The due-diligence vault ----------------------------------------------------------------
