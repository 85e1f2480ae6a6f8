"""The bid page, creating and editing bids, sections, comments, history and restore."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consortium import compiled, permissions
from consortium.bids import comments as comment_threads
from consortium.bids import drafting, presence, review, section_review
from consortium.bids import versions as bids
from consortium.bids.forms import (
    BidDetailsForm,
    StartBidForm,
)
from consortium.bids.models import (
    BidSection,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    PartnerStatement,
)
from consortium.opportunities.models import Opportunity

HISTORY_PAGE_SIZE = 25


# --- forms -----------------------------------------------------------------------------------


# --- helpers ---------------------------------------------------------------------------------


def _login_first(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _bid(request, slug, **annotations):
    # The lookup's SQL depends on the slug alone: compiled once per process and slug.
    found = compiled.rows(
        ("bid-by-slug", slug, tuple(annotations)),
        lambda: (
            JointBid.objects.select_related("consortium", "opportunity")
            .annotate(**annotations)
            .filter(slug=slug)
        ),
    )
    if not found:
        raise Http404("No such bid")
    bid = found[0]
    permissions.or_404(permissions.can_view_bid(request.user, bid), "No such bid")
    return bid


def _statements_count():
    return Coalesce(
        Subquery(
            PartnerStatement.objects.filter(bid=OuterRef("pk"))
            .order_by()
            .values("bid")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _led_consortia(user):
    a = permissions.access(user)
    if a.staff:
        return Consortium.objects.all()
    return Consortium.objects.filter(
        members__organisation_id__in=a.member_of,
        members__role=ConsortiumRole.LEAD,
        members__status=InvitationStatus.ACCEPTED,
    ).distinct()


def _bid_details(data):
    return {name: data[name] for name in BidDetailsForm.base_fields if name in data}


# --- bids ------------------------------------------------------------------------------------


@_login_first
def index(request):
    """My bids: those of every consortium my organisations are in."""
    joint_bids = (
        permissions.visible_bids(request.user, JointBid.objects.all())
        .select_related("consortium")
        .order_by("state", "deadline", "title")
    )
    page = Paginator(joint_bids, 50).get_page(request.GET.get("page"))
    return render(request, "consortium/bids/index.html", {"page_obj": page, "bids": page})


@_login_first
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    consortia = _led_consortia(user)
    opportunity = None
    if slug := request.GET.get("opportunity"):
        opportunity = Opportunity.objects.filter(slug=slug).first()
        if opportunity and not permissions.can_view_opportunity(user, opportunity):
            opportunity = None
    if not consortia.exists():
        # Not a plain refusal: say who can start a bid and what to do next.
        return render(
            request,
            "consortium/bids/cannot_start.html",
            {
                "opportunity": opportunity,
                "can_create_consortium": permissions.can_create_consortium(user),
            },
            status=403,
        )
    initial = {}
    if slug := request.GET.get("consortium"):
        chosen = consortia.filter(slug=slug).first()
        if chosen:
            initial["consortium"] = chosen.pk
    only = list(consortia[:2])
    if len(only) == 1:
        initial.setdefault("consortium", only[0].pk)
    if opportunity:
        initial.update(
            title=opportunity.title,
            funder=opportunity.funder,
            programme=opportunity.programme,
            reference=opportunity.reference,
            deadline=timezone.localtime(opportunity.deadline) if opportunity.deadline else None,
            amount_requested=opportunity.amount_max,
            summary="",
        )
    if template := drafting.template_for(opportunity):
        initial["template"] = template.pk
    form = StartBidForm(request.POST or None, initial=initial, consortia=consortia)
    if request.method == "POST" and form.is_valid():
        consortium = form.cleaned_data["consortium"]
        if not permissions.can_start_bid(user, consortium):
            raise PermissionDenied("Only the consortium's lead can start a bid")
        bid = drafting.start_bid(
            consortium,
            form.cleaned_data["template"],
            _bid_details(form.cleaned_data),
            user,
            opportunity=opportunity,
        )
        messages.success(request, f"The bid “{bid.title}” is started.")
        return redirect("bids:detail", slug=bid.slug)
    return render(
        request, "consortium/bids/create.html", {"form": form, "opportunity": opportunity}
    )


@_login_first
def detail(request, slug):
    # The partners' statements are counted with the bid (for the partners' panel).
    bid = _bid(request, slug, statements_count=_statements_count())
    user = request.user
    # Prefetched onto the bid, so that the workflow panel's conditions read these too; each
    # with its number of open comment threads. The SQL compiled once per bid.
    sections = compiled.prefetched(
        bid,
        "sections",
        compiled.rows(
            ("bid-page-sections", bid.pk),
            lambda: (
                BidSection.objects.filter(bid_id=bid.pk)
                .select_related("assigned_to", "reviewer")
                .annotate(open_comments=comment_threads.open_count())
                .order_by("sort_order", "pk")
            ),
        ),
    )
    for section in sections:
        section.editable = permissions.can_edit_section(user, section)
    presence.mark_sections_being_edited(sections, user)
    # Every accepted member, for the lead's name here and the partners' panel (one query,
    # compiled once per consortium).
    members = compiled.rows(
        ("consortium-members", bid.consortium_id),
        lambda: (
            ConsortiumMember.objects.active()
            .filter(consortium_id=bid.consortium_id)
            .select_related("organisation")
        ),
    )
    lead = next((m for m in members if m.role == ConsortiumRole.LEAD), None)
    return render(
        request,
        "consortium/bids/detail.html",
        {
            "bid": bid,
            "sections": sections,
            "lead": lead,
            "members": members,
            "can_edit": permissions.can_edit_bid(user, bid),
            "is_lead": permissions.is_bid_lead(user, bid),
            "latest_answer": review.open_answer(bid)
            if permissions.is_bid_lead(user, bid)
            else None,
            "blocking": section_review.blocking(sections)
            if permissions.is_bid_lead(user, bid)
            else None,
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    bid = _bid(request, slug)
    user = request.user
    if not permissions.can_edit_bid(user, bid):
        raise PermissionDenied("Only the lead can change the bid's details while it is open")
    fields = list(BidDetailsForm.base_fields)
    initial = {name: getattr(bid, name) for name in fields}
    if bid.deadline:
        initial["deadline"] = timezone.localtime(bid.deadline)
    form = BidDetailsForm(request.POST or None, initial=initial)
    try:
        version = int(request.POST.get("version") or bid.version)
    except ValueError:
        version = None
    if version is not None and not 1 <= version <= 2**31:
        version = None
    status = 200
    conflict = None
    if request.method == "POST" and version is None:
        form.is_valid()
        form.add_error(None, "Reload the page: the form lost track of the version you opened")
    elif request.method == "POST" and form.is_valid():
        try:
            bid, merged = bids.save_with_merge(
                JointBid,
                bid.pk,
                version,
                _bid_details(form.cleaned_data),
                user,
                text_fields=BidDetailsForm.text_fields,
            )
        except bids.Conflict as clash:
            status = 409
            version = clash.current.version
            conflict = [
                (form.fields[name].label or name.capitalize(), getattr(clash.current, name))
                for name in clash.fields
                if name in form.fields
            ]
            form.add_error(
                None,
                "Someone else changed the same details while you were editing: "
                + ", ".join(label.lower() for label, _ in conflict)
                + ". Your changes are still in the form; check theirs, then save again.",
            )
        else:
            # The save raised the version; content_changed raises it again and voids sign-offs.
            bids.content_changed(bid, user, "The bid's details")
            messages.success(
                request,
                "The bid's details are saved."
                + (" Someone else's changes to other details were kept too." if merged else ""),
            )
            return redirect("bids:detail", slug=bid.slug)
    return render(
        request,
        "consortium/bids/edit.html",
        {"bid": bid, "form": form, "version": version, "conflict": conflict},
        status=status,
    )


# --- the list of sections --------------------------------------------------------------------


# --- writing a section -----------------------------------------------------------------------


# --- comments --------------------------------------------------------------------------------


# --- history ---------------------------------------------------------------------------------


@_login_first
def history(request, slug):
    bid = _bid(request, slug)
    # The history's SQL (a union of seven tables) is compiled once per bid and reader.
    changes = compiled.KeptList(
        drafting.bid_history_key(request.user, bid),
        lambda: drafting.bid_history(request.user, bid),
    )
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = drafting.describe(list(page.object_list))
    return render(
        request, "consortium/bids/history.html", {"bid": bid, "page_obj": page, "rows": rows}
    )


urlpatterns = [
    path("", index, name="index"),
    path("new/", create, name="create"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/edit/", edit, name="edit"),
    path("<slug:slug>/history/", history, name="history"),
]
