"""The bid page, creating and editing bids, sections, comments, history and restore."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from consortium import bids, drafting, messaging, permissions
from consortium.messaging import Event
from consortium.models import (
    BidSection,
    BidTemplate,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    Opportunity,
    Organisation,
    SectionComment,
    SectionStatus,
)
from consortium.models.bids import MAX_AMOUNT
from portal.forms import GovukFormMixin

HISTORY_PAGE_SIZE = 25
VERSIONS_PAGE_SIZE = 20


# --- forms -----------------------------------------------------------------------------------


class HintedRadios(forms.RadioSelect):
    """Radios with a hint under each option (the template's description)."""

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class BidDetailsForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=255,
        error_messages={
            "required": "Enter the bid's title",
            "max_length": "Enter a title of 255 characters or fewer",
        },
    )
    funder = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": "Enter a funder of 200 characters or fewer"},
    )
    programme = forms.CharField(
        label="Programme or tender",
        max_length=200,
        required=False,
        error_messages={"max_length": "Enter a programme of 200 characters or fewer"},
    )
    reference = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": "Enter a reference of 100 characters or fewer"},
    )
    deadline = forms.DateTimeField(
        required=False,
        help_text="The date and time the funder must have the application",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the deadline as a date and time, like 2027-03-31 12:00"},
    )
    amount_requested = forms.DecimalField(
        label="Amount requested (£)",
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the amount as a number of pounds, like 25000",
            "min_value": "Enter an amount of £0 or more",
            "max_value": "Enter an amount of £100,000,000 or less",
            "max_digits": "Enter a smaller amount",
            "max_whole_digits": "Enter a smaller amount",
            "max_decimal_places": "Enter the amount with no more than 2 decimal places (pence)",
        },
    )
    summary = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Enter a summary of 5,000 characters or fewer"},
    )

    text_fields = ("title", "funder", "programme", "reference", "summary")

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if name in data and data[name] is not None:
                data[name] = data[name].replace("\x00", "")
        return data


class StartBidForm(BidDetailsForm):
    consortium = forms.ModelChoiceField(
        label="Which consortium is bidding?",
        queryset=Consortium.objects.none(),
        empty_label="Choose a consortium",
        error_messages={
            "required": "Choose the consortium that is bidding",
            "invalid_choice": "Choose a consortium your organisation leads",
        },
    )
    template = forms.ModelChoiceField(
        label="Which sections does the funder ask for?",
        help_text="The bid starts with these sections; you can add, rename and remove them later",
        queryset=BidTemplate.objects.none(),
        error_messages={
            "required": "Choose a set of sections to start from",
            "invalid_choice": "Choose one of the sets of sections",
        },
    )

    field_order = ["consortium", "template"]

    def __init__(self, *args, consortia, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consortium"].queryset = consortia
        templates = list(BidTemplate.objects.all())
        field = self.fields["template"]
        field.queryset = BidTemplate.objects.all()
        field.empty_label = None
        field.widget = HintedRadios(hints={str(t.pk): t.description for t in templates})
        field.widget.choices = field.choices
        field.widget.template_name = "consortium/bids/_hinted_radios.html"


class SectionForm(GovukFormMixin, forms.Form):
    body = forms.CharField(
        label="Text",
        required=False,
        max_length=200000,
        widget=forms.Textarea(attrs={"rows": 15}),
        error_messages={"max_length": "Enter no more than 200,000 characters"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=SectionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the section is not started, drafting or ready",
            "invalid_choice": "Choose not started, drafting or ready",
        },
    )
    # Checked in clean(): a hidden field's error belongs at the top of the form.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        if section.word_limit:
            self.fields["body"].help_text = f"Up to {section.word_limit} words"

    def clean_body(self):
        return self.cleaned_data["body"].replace("\x00", "").replace("\r\n", "\n")

    def clean(self):
        data = super().clean()
        version = (data.get("version") or "").strip()
        if not (version.isascii() and version.isdigit()) or not 1 <= int(version) <= 2**31:
            self.add_error(None, "Reload the page: the form lost track of the version you opened")
        else:
            data["version"] = int(version)
        over = drafting.words_over(self.section, data.get("body", ""))
        if data.get("status") == SectionStatus.READY and over:
            self.add_error(
                "status",
                f"The section is {over} {'word' if over == 1 else 'words'} over its limit of "
                f"{self.section.word_limit}. Cut it before marking it ready",
            )
        return data


class SectionSettingsForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter the section's title",
            "max_length": "Enter a title of 150 characters or fewer",
        },
    )
    word_limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=20000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the word limit as a whole number, like 500",
            "min_value": "Enter a word limit of 1 or more",
            "max_value": "Enter a word limit of 20,000 or fewer",
        },
    )
    assigned_to = forms.ModelChoiceField(
        label="Written by",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any partner",
        error_messages={"invalid_choice": "Choose an organisation in the consortium"},
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the due date as a date, like 2027-03-01"},
    )

    def __init__(self, *args, bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = Organisation.objects.filter(
            consortium_memberships__consortium=bid.consortium,
            consortium_memberships__status=InvitationStatus.ACCEPTED,
        ).order_by("name")


class NewSectionForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title of the new section",
        max_length=150,
        error_messages={
            "required": "Enter the new section's title",
            "max_length": "Enter a title of 150 characters or fewer",
        },
    )


class CommentForm(GovukFormMixin, forms.Form):
    comment = forms.CharField(
        label="Add a comment",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter your comment",
            "max_length": "Enter a comment of 3,000 characters or fewer",
        },
    )


# --- helpers ---------------------------------------------------------------------------------


def _login_first(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _bid(request, slug):
    bid = get_object_or_404(JointBid.objects.select_related("consortium", "opportunity"), slug=slug)
    if not permissions.can_view_bid(request.user, bid):
        raise PermissionDenied("Only the consortium's organisations and staff can see this bid")
    return bid


def _section(bid, pk):
    section = get_object_or_404(
        BidSection.objects.select_related("assigned_to", "updated_by"), bid=bid, pk=pk
    )
    section.bid = bid
    return section


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
    first_template = BidTemplate.objects.first()
    if first_template:
        initial["template"] = first_template.pk
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
    bid = _bid(request, slug)
    user = request.user
    sections = list(bid.sections.select_related("assigned_to").order_by("sort_order", "pk"))
    for section in sections:
        section.editable = permissions.can_edit_section(user, section)
    lead = (
        ConsortiumMember.objects.active()
        .filter(consortium=bid.consortium, role=ConsortiumRole.LEAD)
        .select_related("organisation")
        .first()
    )
    return render(
        request,
        "consortium/bids/detail.html",
        {
            "bid": bid,
            "sections": sections,
            "lead": lead,
            "can_edit": permissions.can_edit_bid(user, bid),
            "is_lead": permissions.is_bid_lead(user, bid),
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


@_login_first
@require_http_methods(["GET", "POST"])
def sections(request, slug):
    """Add, remove and reorder sections (the lead)."""
    bid = _bid(request, slug)
    user = request.user
    if not permissions.can_edit_bid(user, bid):
        raise PermissionDenied("Only the lead can change the bid's sections while it is open")
    form = NewSectionForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        if "add" in request.POST:
            if form.is_valid():
                section = drafting.add_section(bid, form.cleaned_data["title"], user)
                messages.success(request, f"The section “{section.title}” is added.")
                return redirect("bids:sections", slug=bid.slug)
        else:
            chosen = request.POST.get("section", "")
            section = get_object_or_404(
                BidSection, bid=bid, pk=int(chosen) if chosen.isascii() and chosen.isdigit() else 0
            )
            section.bid = bid
            action = request.POST.get("action")
            if action == "up":
                drafting.move_section(section, -1, user)
                messages.success(request, f"“{section.title}” moved up.")
            elif action == "down":
                drafting.move_section(section, +1, user)
                messages.success(request, f"“{section.title}” moved down.")
            elif action == "remove":
                drafting.remove_section(section, user)
                messages.success(
                    request,
                    f"The section “{section.title}” is removed. Its text is kept in the "
                    "bid's history.",
                )
            return redirect("bids:sections", slug=bid.slug)
    return render(
        request,
        "consortium/bids/sections.html",
        {
            "bid": bid,
            "sections": list(bid.sections.select_related("assigned_to")),
            "form": form,
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def section_settings(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    if not permissions.can_edit_bid(user, bid):
        raise PermissionDenied("Only the lead can change a section's settings")
    section = _section(bid, pk)
    form = SectionSettingsForm(
        request.POST or None,
        bid=bid,
        initial={
            "title": section.title,
            "word_limit": section.word_limit,
            "assigned_to": section.assigned_to_id,
            "due_on": section.due_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        drafting.change_section_settings(section, form.cleaned_data, user)
        messages.success(request, f"The settings of “{section.title}” are saved.")
        return redirect("bids:sections", slug=bid.slug)
    return render(
        request,
        "consortium/bids/section_settings.html",
        {"bid": bid, "section": section, "form": form},
    )


# --- writing a section -----------------------------------------------------------------------


def _conflict_view(conflict):
    """Both texts as paragraphs, marking the ones that clash."""
    details = conflict.details.get("body", [])
    mine_clash = {p for d in details for p in bids.paragraphs(d["mine"])}
    theirs_clash = {p for d in details for p in bids.paragraphs(d["theirs"])}
    mine = conflict.mine.get("body", "")
    theirs = conflict.current.body
    return {
        "mine": [(p, p in mine_clash) for p in bids.paragraphs(mine)],
        "theirs": [(p, p in theirs_clash) for p in bids.paragraphs(theirs)],
        "theirs_status": conflict.current.get_status_display(),
        "status_clash": "status" in conflict.fields,
        "updated_by": conflict.current.updated_by,
    }


@_login_first
@require_http_methods(["GET", "POST"])
def section(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    editable = permissions.can_edit_section(user, section)
    form = None
    status = 200
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("You cannot edit this section")
        form = SectionForm(request.POST, section=section)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved, merged = bids.save_with_merge(
                    BidSection,
                    section.pk,
                    data["version"],
                    {"body": data["body"], "status": data["status"]},
                    user,
                )
            except bids.Conflict as clash:
                status = 409
                conflict = _conflict_view(clash)
                fresh = request.POST.copy()
                fresh["version"] = str(clash.current.version)
                form = SectionForm(fresh, section=section)
                form.is_valid()
            else:
                bids.content_changed(bid, user, f"The section “{saved.title}”")
                if merged:
                    messages.success(
                        request,
                        "Someone else saved this section while you were editing. Their "
                        "changes and yours did not overlap, so both are kept.",
                    )
                else:
                    messages.success(request, "Section saved")
                return redirect("bids:section", slug=bid.slug, pk=section.pk)
    elif editable:
        form = SectionForm(
            initial={"body": section.body, "status": section.status, "version": section.version},
            section=section,
        )
    comments = list(
        section.comments.select_related("author", "organisation", "resolved_by").order_by(
            "created_at", "pk"
        )
    )
    for comment in comments:
        comment.can_resolve = not comment.resolved and permissions.can_resolve_comment(
            user, comment
        )
    return render(
        request,
        "consortium/bids/section.html",
        {
            "bid": bid,
            "section": section,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            "comments": comments,
            "comment_form": CommentForm() if permissions.can_comment(user, bid) else None,
        },
        status=status,
    )


# --- comments --------------------------------------------------------------------------------


@_login_first
@require_POST
def comment(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    if not permissions.can_comment(user, bid):
        raise PermissionDenied("Comments are closed on this bid")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["comment"][0])
        return redirect(f"{section_url(bid, section)}#comments")
    places = permissions.consortium_places(user, bid.consortium)
    acting = permissions.acting_organisation_id(user)
    organisation_id = acting if acting in places else next(iter(places), None)
    new = SectionComment.objects.create(
        section=section,
        author=user,
        organisation_id=organisation_id,
        body=form.cleaned_data["comment"],
    )
    messaging.tell(Event.SECTION_COMMENTED, comment=new)
    messages.success(request, "Your comment is added.")
    return redirect(f"{section_url(bid, section)}#comments")


@_login_first
@require_POST
def resolve_comment(request, slug, pk):
    bid = _bid(request, slug)
    comment = get_object_or_404(
        SectionComment.objects.select_related("section"), section__bid=bid, pk=pk
    )
    comment.section.bid = bid
    if not permissions.can_resolve_comment(request.user, comment):
        raise PermissionDenied("Only the comment's author and the section's writers can resolve it")
    comment.resolved = True
    comment.resolved_by = request.user
    comment.save(update_fields=["resolved", "resolved_by"])
    messages.success(request, "The comment is marked as resolved.")
    return redirect(f"{section_url(bid, comment.section)}#comments")


def section_url(bid, section):
    from django.urls import reverse

    return reverse("bids:section", args=[bid.slug, section.pk])


# --- history ---------------------------------------------------------------------------------


@_login_first
def history(request, slug):
    bid = _bid(request, slug)
    page = Paginator(drafting.bid_history(request.user, bid), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = drafting.describe(list(page.object_list))
    return render(
        request, "consortium/bids/history.html", {"bid": bid, "page_obj": page, "rows": rows}
    )


def _record(section, history_id):
    try:
        history_id = int(history_id)
    except (TypeError, ValueError):
        return None
    return section.history.filter(history_id=history_id).first()


@_login_first
def section_history(request, slug, pk):
    bid = _bid(request, slug)
    section = _section(bid, pk)
    versions = section.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    page = Paginator(versions, VERSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    compare = None
    if "from" in request.GET or "to" in request.GET:
        old, new = (
            _record(section, request.GET.get("from")),
            _record(section, request.GET.get("to")),
        )
        if old is None or new is None:
            messages.error(request, "Choose two versions of this section to compare")
        else:
            compare = {
                "old": old,
                "new": new,
                "paragraphs": drafting.diff_paragraphs(old.body, new.body),
            }
    return render(
        request,
        "consortium/bids/section_history.html",
        {
            "bid": bid,
            "section": section,
            "page_obj": page,
            "versions": page,
            "compare": compare,
            "can_restore": permissions.can_edit_section(request.user, section),
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def section_restore(request, slug, pk, history_id):
    bid = _bid(request, slug)
    section = _section(bid, pk)
    if not permissions.can_edit_section(request.user, section):
        raise PermissionDenied("You cannot restore this section")
    record = get_object_or_404(section.history.all(), history_id=history_id)
    if request.method == "POST":
        restored = drafting.restore_section(section, record, request.user)
        messages.success(
            request,
            f"Version {record.version} of “{section.title}” is restored as version "
            f"{restored.version}.",
        )
        return redirect("bids:section", slug=bid.slug, pk=section.pk)
    return render(
        request,
        "consortium/bids/section_restore.html",
        {
            "bid": bid,
            "section": section,
            "record": record,
            "paragraphs": drafting.diff_paragraphs(section.body, record.body),
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("new/", create, name="create"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/edit/", edit, name="edit"),
    path("<slug:slug>/history/", history, name="history"),
    path("<slug:slug>/sections/", sections, name="sections"),
    path("<slug:slug>/sections/<int:pk>/", section, name="section"),
    path("<slug:slug>/sections/<int:pk>/settings/", section_settings, name="section_settings"),
    path("<slug:slug>/sections/<int:pk>/comments/", comment, name="comment"),
    path("<slug:slug>/sections/<int:pk>/history/", section_history, name="section_history"),
    path(
        "<slug:slug>/sections/<int:pk>/history/<int:history_id>/restore/",
        section_restore,
        name="section_restore",
    ),
    path("<slug:slug>/comments/<int:pk>/resolve/", resolve_comment, name="resolve_comment"),
]
