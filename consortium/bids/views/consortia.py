"""Consortia at /consortia/: creating one, invitations, roles and contacts."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import consortia
from consortium.bids.consortium_forms import (
    AnswerForm,
    ConsortiumForm,
    ContactsForm,
    HandOnForm,
    InviteForm,
    RoleForm,
)
from consortium.bids.models import (
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
)
from consortium.bids.views import seekers
from consortium.organisations.models import Organisation

app_name = "consortia"


# --- helpers -----------------------------------------------------------------------------------


def _signed_in(request):
    return permissions.is_signed_in(request.user)


def _consortium(request, slug):
    consortium = get_object_or_404(Consortium, slug=slug)
    allowed = permissions.can_view_consortium(request.user, consortium)
    permissions.or_404(allowed, "No such consortium")
    return consortium


def _manage(request, slug):
    consortium = _consortium(request, slug)
    if not permissions.can_manage_consortium(request.user, consortium):
        raise PermissionDenied("Only the lead organisation's people can change the consortium")
    return consortium


def _member(consortium, pk):
    return get_object_or_404(
        ConsortiumMember.objects.select_related("organisation", "consortium"),
        consortium=consortium,
        pk=pk,
    )


def _sign_in_first(view):
    def wrapped(request, *args, **kwargs):
        if not _signed_in(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- views ------------------------------------------------------------------------------------


@_sign_in_first
def index(request):
    """The consortia my organisations are in, and invitations waiting for an answer."""
    user = request.user
    a = permissions.access(user)
    mine = (
        permissions.visible_consortia(user, Consortium.objects.all())
        if not a.staff
        else Consortium.objects.all()
    )
    if not a.staff:
        mine = mine.filter(
            members__organisation_id__in=a.member_of,
            members__status=InvitationStatus.ACCEPTED,
        ).distinct()
    mine = mine.prefetch_related(
        Prefetch(
            "members",
            queryset=ConsortiumMember.objects.active()
            .filter(role=ConsortiumRole.LEAD)
            .select_related("organisation"),
            to_attr="leads",
        )
    )
    invitations = (
        ConsortiumMember.objects.pending()
        .filter(organisation_id__in=a.member_of)
        .select_related("consortium", "organisation")
        .order_by("expires_on")
    )
    return render(
        request,
        "consortium/bids/consortia/index.html",
        {
            "consortia": list(mine),
            "invitations": list(invitations),
            "can_create": permissions.can_create_consortium(user),
        },
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    if not permissions.can_create_consortium(user):
        raise PermissionDenied("Only an organisation's admins can start a consortium")
    a = permissions.access(user)
    lead_id = a.acting_for_id if a.acting_for_id in a.admin_of else min(a.admin_of, default=None)
    organisation = Organisation.objects.filter(pk=lead_id).first() if lead_id else None
    form = ConsortiumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if organisation is None:
            form.add_error(None, "Act for an organisation you are an admin of to lead it")
        else:
            consortium = consortia.create(
                form.cleaned_data["name"], form.cleaned_data["description"], organisation, user
            )
            messages.success(request, f"{consortium.name} is set up, led by {organisation.name}.")
            return redirect("consortia:detail", slug=consortium.slug)
    return render(
        request,
        "consortium/bids/consortia/create.html",
        {"form": form, "organisation": organisation},
    )


@_sign_in_first
def detail(request, slug):
    consortium = _consortium(request, slug)
    user = request.user
    members = list(
        consortium.members.exclude(status=InvitationStatus.LEFT)
        .select_related("organisation")
        .prefetch_related("contacts")
        .order_by("status", "role", "organisation__name")
    )
    a = permissions.access(user)
    bids = list(
        permissions.visible_bids(user, JointBid.objects.filter(consortium=consortium))
        if permissions.consortium_role(user, consortium) or a.staff
        else []
    )
    manages = permissions.can_manage_consortium(user, consortium)
    for member in members:
        member.can_answer = permissions.can_answer_invitation(user, member)
        member.can_name_contacts = (
            member.status == InvitationStatus.ACCEPTED
            and permissions.can_name_contacts(user, member)
        )
    return render(
        request,
        "consortium/bids/consortia/detail.html",
        {
            "consortium": consortium,
            "accepted": [m for m in members if m.status == InvitationStatus.ACCEPTED],
            "invited": [m for m in members if m.status == InvitationStatus.INVITED],
            "declined": [m for m in members if m.status == InvitationStatus.DECLINED],
            "bids": bids,
            "manages": manages,
            "can_start_bid": permissions.can_start_bid(user, consortium),
        },
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    consortium = _manage(request, slug)
    form = InviteForm(request.POST or None, consortium=consortium)
    if request.method == "POST" and form.is_valid():
        try:
            member = consortia.invite(
                consortium,
                form.cleaned_data["organisation"],
                form.cleaned_data["role"],
                form.cleaned_data["message"],
                request.user,
            )
        except consortia.ConsortiumRefused as refusal:
            form.add_error("organisation", str(refusal))
        else:
            messages.success(
                request,
                f"{member.organisation.name} is invited. The invitation lasts until "
                f"{member.expires_on:%-d %B %Y}.",
            )
            return redirect("consortia:detail", slug=consortium.slug)
    return render(
        request, "consortium/bids/consortia/invite.html", {"consortium": consortium, "form": form}
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def answer(request, slug, pk):
    """The invited organisation's admins accept or decline."""
    consortium = _consortium(request, slug)
    member = _member(consortium, pk)
    user = request.user
    if member.organisation_id not in permissions.access(user).admin_of:
        raise PermissionDenied("Only the invited organisation's admins can answer")
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if not permissions.can_answer_invitation(user, member):
                raise consortia.ConsortiumRefused(
                    f"This invitation expired on {member.expires_on:%-d %B %Y}."
                    if member.is_expired
                    else "This invitation has already been answered."
                )
            consortia.answer(member, form.cleaned_data["answer"] == "accept", user)
        except consortia.ConsortiumRefused as refusal:
            form.add_error(None, str(refusal))
            status = 409
        else:
            permissions.forget(user)
            if form.cleaned_data["answer"] == "accept":
                messages.success(request, f"{member.organisation.name} joined {consortium.name}.")
                return redirect("consortia:detail", slug=consortium.slug)
            messages.success(request, f"You declined the invitation to {consortium.name}.")
            return redirect("consortia:index")
    return render(
        request,
        "consortium/bids/consortia/answer.html",
        {
            "consortium": consortium,
            "member": member,
            "form": form,
            "can_answer": permissions.can_answer_invitation(user, member),
        },
        status=status,
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def member_role(request, slug, pk):
    consortium = _manage(request, slug)
    member = _member(consortium, pk)
    if member.role == ConsortiumRole.LEAD:
        messages.info(request, "Use “Hand on the lead role” to change the lead.")
        return redirect("consortia:hand_on", slug=consortium.slug)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        consortia.change_role(member, form.cleaned_data["role"], request.user)
        messages.success(
            request, f"{member.organisation.name} is now a {member.get_role_display().lower()}."
        )
        return redirect("consortia:detail", slug=consortium.slug)
    return render(
        request,
        "consortium/bids/consortia/member_role.html",
        {"consortium": consortium, "member": member, "form": form},
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    consortium = _manage(request, slug)
    member = _member(consortium, pk)
    error = None
    if request.method == "POST":
        try:
            consortia.remove(member, request.user)
        except consortia.ConsortiumRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"{member.organisation.name} is no longer in the consortium.")
            return redirect("consortia:detail", slug=consortium.slug)
    return render(
        request,
        "consortium/bids/consortia/member_remove.html",
        {"consortium": consortium, "member": member, "error": error},
        status=409 if error else 200,
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def hand_on(request, slug):
    """Choose the new lead, then confirm."""
    consortium = _manage(request, slug)
    form = HandOnForm(request.POST or None, consortium=consortium)
    confirming = None
    if request.method == "POST" and form.is_valid():
        new_lead = form.cleaned_data["new_lead"]
        if request.POST.get("confirm") == "yes":
            try:
                consortia.hand_on(consortium, new_lead, request.user)
            except consortia.ConsortiumRefused as refusal:
                form.add_error("new_lead", str(refusal))
            else:
                permissions.forget(request.user)
                messages.success(
                    request, f"{new_lead.organisation.name} now leads {consortium.name}."
                )
                return redirect("consortia:detail", slug=consortium.slug)
        else:
            confirming = new_lead
    return render(
        request,
        "consortium/bids/consortia/hand_on.html",
        {"consortium": consortium, "form": form, "confirming": confirming},
    )


@_sign_in_first
@require_http_methods(["GET", "POST"])
def contacts(request, slug, pk):
    consortium = _consortium(request, slug)
    member = _member(consortium, pk)
    if member.status != InvitationStatus.ACCEPTED or not permissions.can_name_contacts(
        request.user, member
    ):
        raise PermissionDenied("Only the organisation's admins and the lead can name contacts")
    people = consortia.approved_people(member.organisation)
    form = ContactsForm(
        request.POST or None,
        people=people,
        initial={"contacts": [str(pk) for pk in member.contacts.values_list("pk", flat=True)]},
    )
    if request.method == "POST" and form.is_valid():
        consortia.set_contacts(member, form.chosen())
        messages.success(request, f"The contacts for {member.organisation.name} are saved.")
        return redirect("consortia:detail", slug=consortium.slug)
    return render(
        request,
        "consortium/bids/consortia/contacts.html",
        {"consortium": consortium, "member": member, "form": form},
    )


urlpatterns = [
    path("", index, name="index"),
    path("new/", create, name="create"),
    path("invite-seeking-partner/<slug:slug>/", seekers.invite_seeker, name="invite_seeker"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/invite/", invite, name="invite"),
    path("<slug:slug>/hand-on/", hand_on, name="hand_on"),
    path("<slug:slug>/members/<int:pk>/answer/", answer, name="answer"),
    path("<slug:slug>/members/<int:pk>/role/", member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", member_remove, name="member_remove"),
    path("<slug:slug>/members/<int:pk>/contacts/", contacts, name="contacts"),
]
