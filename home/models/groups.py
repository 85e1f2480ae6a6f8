"""Forums of Interest and clusters: groups of member organisations, and their indexes."""

from django import forms
from django.db import models
from django.db.models import Count
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyBlock
from portal.repeated import public

from .mixins import GroupPageMixin, OrganisationLink
from .pages import INTRODUCTION_LENGTH, RICH_TEXT_LENGTH, BasePage
from .snippets import MeetingFormat

LIST_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ForumIndexPage(BasePage):
    """Lists the Forums of Interest."""

    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ForumPage"]

    class Meta:
        verbose_name = "forum index page"

    def forums(self):
        return (
            public(ForumPage.objects.child_of(self).live())
            .select_related("social_image")
            .annotate(member_count=Count("member_links", distinct=True))
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forums"] = self.forums()
        return context


class ForumPage(GroupPageMixin, RoutablePageMixin, BasePage):
    """A Forum of Interest: member organisations working around common beneficiaries."""

    group_field = "forum"

    theme = models.CharField(max_length=200, help_text="For example: Older people, Health")
    beneficiaries = models.TextField(
        max_length=2000, help_text="Who the forum's member organisations serve"
    )
    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("theme"),
        FieldPanel("beneficiaries"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel("convenors", heading="Convenors", label="Convenor"),
        MultipleChooserPanel(
            "member_links",
            chooser_field_name="organisation",
            heading="Member organisations",
            label="Member organisation",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("theme"),
        index.SearchField("beneficiaries"),
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.ForumIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "forum page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["convenors"] = self.convenors.select_related("organisation")
        return context


class ForumConvenor(Orderable):
    """A contact person who convenes a forum."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="convenors")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    organisation = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    def __str__(self):
        return self.name


class ForumMember(OrganisationLink):
    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="member_links")

    class Meta(OrganisationLink.Meta):
        verbose_name = "member organisation"
        unique_together = [("page", "organisation")]


class ClusterKind(models.TextChoices):
    MINI = "mini", "Mini-cluster"
    RESOURCE = "resource", "Resource cluster"
    IMPACT = "impact", "Impact cluster"
    MICRO = "micro", "Micro-cluster"


class ClusterIndexPage(BasePage):
    """Lists the clusters, grouped by kind."""

    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ClusterPage"]

    class Meta:
        verbose_name = "cluster index page"

    def clusters(self):
        return (
            public(ClusterPage.objects.child_of(self).live())
            .select_related("social_image")
            .annotate(member_count=Count("member_links", distinct=True))
            .order_by("kind", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        clusters = list(self.clusters())
        context["clusters"] = clusters
        context["clusters_by_kind"] = [
            (label, [c for c in clusters if c.kind == kind])
            for kind, label in ClusterKind.choices
            if any(c.kind == kind for c in clusters)
        ]
        return context


class ClusterPage(GroupPageMixin, RoutablePageMixin, BasePage):
    """A cluster of member organisations sharing resources or working for impact together."""

    group_field = "cluster"

    kind = models.CharField(max_length=20, choices=ClusterKind.choices)
    theme = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    funds = ParentalManyToManyField(
        "home.Fund",
        blank=True,
        related_name="clusters",
        help_text="The funds its member organisations are funded from",
    )
    facilitator = models.CharField(
        max_length=200, blank=True, help_text="Who facilitates the cluster's meetings"
    )
    meeting_pattern = models.CharField(
        max_length=120, blank=True, help_text="For example: Bi-monthly, Every first Tuesday"
    )
    meeting_format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.HYBRID
    )
    shared_priorities = RichTextField(
        blank=True, max_length=RICH_TEXT_LENGTH, features=LIST_FEATURES
    )
    outcomes = RichTextField(
        blank=True,
        max_length=RICH_TEXT_LENGTH,
        features=LIST_FEATURES + ["h3"],
        verbose_name="outcomes and evaluation",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
        FieldPanel("introduction"),
        FieldPanel("funds", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("facilitator"),
                FieldRowPanel([FieldPanel("meeting_pattern"), FieldPanel("meeting_format")]),
            ],
            heading="Meetings",
        ),
        MultipleChooserPanel(
            "member_links",
            chooser_field_name="organisation",
            heading="Member organisations",
            label="Member organisation",
        ),
        FieldPanel("shared_priorities"),
        InlinePanel("next_steps", heading="Achievable next steps", label="Next step"),
        FieldPanel("outcomes"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("theme"),
        index.SearchField("introduction"),
        index.SearchField("shared_priorities"),
        index.SearchField("outcomes"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["home.ClusterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "cluster page"

    def open_next_steps(self):
        return self.next_steps.filter(done=False).select_related("owner")

    def _steps_and_funds(self):
        return {
            "open_next_steps": list(self.open_next_steps()),
            "done_next_steps_count": self.next_steps.filter(done=True).count(),
            "cluster_funds": list(self.funds.all()),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.kept(request, "cluster-steps-and-funds", self._steps_and_funds))
        context["today"] = timezone.localdate()
        return context


class ClusterMember(OrganisationLink):
    page = ParentalKey(ClusterPage, on_delete=models.CASCADE, related_name="member_links")

    class Meta(OrganisationLink.Meta):
        verbose_name = "member organisation"
        unique_together = [("page", "organisation")]


class ClusterNextStep(Orderable):
    """An achievable next step a cluster agreed: what, who will do it and by when."""

    page = ParentalKey(ClusterPage, on_delete=models.CASCADE, related_name="next_steps")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="owner organisation",
    )
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    panels = [
        FieldPanel("action"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("done")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "next step"

    def __str__(self):
        return self.action

    @property
    def overdue(self):
        return bool(self.due_date and not self.done and self.due_date < timezone.localdate())
