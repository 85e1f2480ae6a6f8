"""Factories for the test suite: small, explicit, and safe after a database flush."""

import datetime
import io

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter
from wagtail.models import Locale, Page, Site

from consortium.members.accounts import verified_email
from consortium.models import Organisation
from home.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ClusterIndexPage,
    ClusterPage,
    EventIndexPage,
    EventPage,
    ForumIndexPage,
    ForumPage,
    Fund,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    SurveyPage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or "shoal-demo")
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def email_verified(user, create, extracted, **kwargs):
        """Confirmed, as if the person followed the emailed link (``email_verified=False``: not)."""
        if create and extracted is not False:
            verified_email(user)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Shoal"
    hero_heading = "Sharing without merging"
    hero_text = "Small charities and community groups, working together."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "An introduction to this page."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Riverside Community Group {n}")
    short_description = "Supports local people."
    website = factory.LazyAttribute(lambda o: f"https://{o.name.lower().replace(' ', '-')}.example")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Community Fund {n}")
    funder = "County Community Foundation"


class ForumIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ForumIndexPage

    title = "Forums of Interest"
    slug = "forums"


class ForumPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ForumPage

    title = factory.Sequence(lambda n: f"Forum {n}")
    theme = "Older people"
    beneficiaries = "Older people and their carers"


class ClusterIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ClusterIndexPage

    title = "Clusters"
    slug = "clusters"


class ClusterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ClusterPage

    title = factory.Sequence(lambda n: f"Cluster {n}")
    kind = "mini"
    theme = "Refugees and asylum seekers"
    meeting_pattern = "Bi-monthly"
    meeting_format = "hybrid"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News story {n}")
    summary = "Something happened."
    date = factory.LazyFunction(timezone.localdate)
    author = "Sam Writer"


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaseStudyIndexPage

    title = "Case studies"
    slug = "case-studies"


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaseStudyPage

    title = factory.Sequence(lambda n: f"Case study {n}")
    summary = "Organisations worked together."
    quote = "We achieved more together."
    quote_attribution = "Alex Member, Riverside Befrienders"


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Event {n}")
    summary = "A meeting of members."
    kind = "meeting"
    meeting_format = "online"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda e: e.start + datetime.timedelta(hours=2))
    join_link = "https://meet.example/shoal-42"


class SurveyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurveyPage

    title = "Have your say"
    slug = "have-your-say"


def make_site():
    """Return the default site's HomePage, building the page tree if a flush removed it.

    Transactional tests (the browser tests) flush the database between tests, and that
    removes the root page and the site that the migrations created.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="en-gb")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
    home = HomePageFactory.build()
    root.add_child(instance=home)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


# --- Files that pass the upload checks (consortium/uploads.py) --------------------------------


def pdf_bytes(pages=1):
    """A real, small PDF of blank A4 pages: it parses with pypdf, as uploads must."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size=(4, 4), colour="teal"):
    """A real, small PNG image: it decodes with Pillow, as uploads must."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()
