"""The content generation: the one number every cached copy of the site's content keys on."""

import pytest
from wagtail.models import Page

from consortium.models import Theme
from portal import caching
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_publishing_unpublishing_and_deleting_a_page_each_move_the_generation_on(
    django_capture_on_commit_callbacks,
):
    home = Page.objects.get(depth=2)
    with django_capture_on_commit_callbacks(execute=True):
        page = NewsPageFactory(parent=home, title="Hall reopens")
    seen = [caching.generation()]
    for change in (
        lambda: page.save_revision().publish(),
        lambda: page.unpublish(),
        lambda: page.delete(),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        seen.append(caching.generation())
    assert seen == sorted(set(seen)), seen


def test_saving_content_moves_it_on_but_a_search_hit_does_not(
    django_capture_on_commit_callbacks,
):
    from wagtail.contrib.search_promotions.models import Query

    before = caching.generation()
    Query.get("food bank").add_hit()
    assert caching.generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.create(name="Arts and heritage", slug="arts-heritage")
    assert caching.generation() > before


def test_signing_in_leaves_the_generation_but_changing_the_person_moves_it_on(
    client, django_capture_on_commit_callbacks
):
    """Signing in records the time on the user, which nobody else sees: it must not throw
    away every cached page and answer. Any other change to the person still does."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("sam", "sam@example.org", "a-long-password-1")
    before = caching.generation()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert caching.generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Sam"
        user.save(update_fields=["first_name", "last_login"])
    assert caching.generation() > before


def test_with_the_content_cache_off_what_pages_repeat_is_read_afresh_every_time(settings):
    from portal.repeated import remember

    reads = []

    def compute():
        reads.append(1)
        return "menu"

    for _ in range(3):
        assert remember("menu-test", compute=compute) == "menu"
    assert len(reads) == 1
    settings.CONTENT_CACHE = False
    for _ in range(3):
        assert remember("menu-test", compute=compute) == "menu"
    assert len(reads) == 4


def test_a_page_reads_the_generation_from_the_shared_cache_once_and_sees_its_own_changes(
    client, monkeypatch
):
    """Every cached part of a page keys on the generation: one cache round trip, not one per
    part. A change made during the request is still seen by what the request reads after."""
    reads = []
    real_get = caching.cache.get

    def counting_get(key, *args, **kwargs):
        if key == caching.KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    home = Page.objects.get(depth=2)
    client.get(home.url)  # as on a running site: the number and the menus are in the cache
    monkeypatch.setattr(caching.cache, "get", counting_get)
    assert client.get(home.url).status_code == 200
    assert len(reads) == 1
    caching.begin_request()
    try:
        before = caching.generation()
        Theme.objects.create(name="Sport", slug="sport")
        assert caching.generation() > before
    finally:
        caching.end_request()


def test_what_a_process_keeps_for_itself_is_read_again_after_any_change(
    django_capture_on_commit_callbacks,
):
    """``remember(local=True)`` keeps a value in the process as well as the shared cache: it
    is not read from the shared cache again in the same generation, and a change anywhere
    (here a new theme) makes the next request compute it afresh."""
    from portal import repeated

    reads = []

    def compute():
        reads.append(1)
        return f"menu {len(reads)}"

    generation = caching.generation()
    assert repeated.remember("menu-local-test", compute=compute, local=True) == "menu 1"
    caching.cache.clear()  # the shared copy gone (the number put back): this process keeps it
    caching.cache.set(caching.KEY, generation)
    assert repeated.remember("menu-local-test", compute=compute, local=True) == "menu 1"
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.create(name="Arts and heritage", slug="arts-heritage")
    assert repeated.remember("menu-local-test", compute=compute, local=True) == "menu 2"
    assert len(reads) == 2


def test_each_request_gets_its_own_copy_of_the_site_settings_the_process_keeps(rf):
    """The settings are kept once per process; each request's copy carries its own request,
    so one request never sees another's (the settings link pages for their request)."""
    from home.models import SiteSettings

    first, second = rf.get("/"), rf.get("/")
    one, two = SiteSettings.for_request(first), SiteSettings.for_request(second)
    assert one is not two
    assert (one._request, two._request) == (first, second)
    assert one.organisation_name == two.organisation_name
