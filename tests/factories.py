"""Factories for the test suite: small, explicit, and safe after a database flush."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage, StandardPage


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
