"""Case studies: what organisations achieved together, in figures and words."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyBlock
from portal.repeated import public

from .mixins import OrganisationLink
from .pages import INTRODUCTION_LENGTH, RICH_TEXT_LENGTH, SUMMARY_HELP, SUMMARY_LENGTH, BasePage


class CaseStudyIndexPage(BasePage):
    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.CaseStudyPage"]

    class Meta:
        verbose_name = "case study index page"

    def case_studies(self):
        return (
            public(CaseStudyPage.objects.child_of(self).live())
            .select_related("image", "forum", "cluster")
            .order_by("-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = self.case_studies()
        return context


class CaseStudyPage(BasePage):
    """A story of organisations working together, with a testimonial and outcomes."""

    summary = models.TextField(
        max_length=SUMMARY_LENGTH, help_text=SUMMARY_HELP
    )  # required: its listing shows it
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(max_length=250, blank=True)
    quote = models.TextField("testimonial", blank=True, max_length=2000)
    quote_attribution = models.CharField(
        max_length=200, blank=True, help_text="Who said it, and their organisation"
    )
    outcomes = RichTextField(
        "outcomes in words",
        blank=True,
        max_length=RICH_TEXT_LENGTH,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    forum = models.ForeignKey(
        "home.ForumPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    cluster = models.ForeignKey(
        "home.ClusterPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Image"),
        MultipleChooserPanel(
            "organisation_links",
            chooser_field_name="organisation",
            heading="Organisations involved",
            label="Organisation",
        ),
        MultiFieldPanel(
            [FieldPanel("quote"), FieldPanel("quote_attribution")], heading="Testimonial"
        ),
        InlinePanel("figures", heading="Outcomes in figures", label="Figure"),
        FieldPanel("outcomes"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("forum"), FieldPanel("cluster")], heading="Related group"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("quote"),
        index.SearchField("outcomes"),
        index.SearchField("body"),
        # Facets of the site search.
        index.FilterField("forum"),
        index.FilterField("cluster"),
    ]
    parent_page_types = ["home.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = [
            link.organisation for link in self.organisation_links.select_related("organisation")
        ]
        return context


class CaseStudyOrganisation(OrganisationLink):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="organisation_links")

    class Meta(OrganisationLink.Meta):
        verbose_name = "organisation involved"
        unique_together = [("page", "organisation")]


class CaseStudyFigure(Orderable):
    """An outcome in figures: "37" "organisations took part"."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="figures")
    figure = models.CharField(max_length=30, help_text="For example: 37, £12,000, 85%")
    description = models.CharField(max_length=200, help_text="What the figure counts")

    panels = [FieldRowPanel([FieldPanel("figure"), FieldPanel("description")])]

    def __str__(self):
        return f"{self.figure} {self.description}"
