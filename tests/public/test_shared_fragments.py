"""What every page repeats (menu, breadcrumbs, settings, the pages on the way) is cached, and
any change an editor makes shows on the very next request."""

import pytest
from wagtail.models import PageViewRestriction

from home.models import SiteSettings
from tests.factories import NewsPageFactory, StandardPageFactory
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return CommunitySite()


def menu_of(response):
    html = response.content.decode()
    start = html.index('<nav aria-label="Main"')
    return html[start : html.index("</nav>", start)]


def test_a_page_published_into_the_menu_is_in_the_menu_of_the_next_page_served(client, site):
    about = StandardPageFactory(parent=site.home, title="About us", show_in_menus=True)
    assert "Get involved" not in menu_of(client.get(about.url))

    joining = StandardPageFactory.build(title="Get involved", show_in_menus=True, live=False)
    site.home.add_child(instance=joining)
    joining.save_revision().publish()

    assert "Get involved" in menu_of(client.get(about.url))
    assert "Get involved" in client.get("/").content.decode()  # the home page's section cards


def test_the_menu_marks_the_page_being_read_and_no_other_even_when_cached(client, site):
    about = StandardPageFactory(parent=site.home, title="About us", show_in_menus=True)
    on_about = menu_of(client.get(about.url))
    on_news = menu_of(client.get(site.news.url))
    on_home = menu_of(client.get("/"))

    assert on_about.count('aria-current="page"') == 1
    assert 'active-fallback">About us</strong>' in on_about
    assert 'active-fallback">About us</strong>' not in on_news
    assert on_home.count('aria-current="page"') == 1  # "Home" only
    assert 'active-fallback">About us</strong>' not in on_home


def test_changing_the_site_settings_shows_in_the_footer_and_header_of_the_next_page(client, site):
    settings = SiteSettings.for_site(site.home.get_site())
    settings.organisation_name = "Westmoor VCS Assembly"
    settings.save()
    assert "Westmoor VCS Assembly" in client.get(site.news.url).content.decode()

    settings.organisation_name = "Westmoor Community Network"
    settings.footer_text = "<p>Open Monday to Thursday</p>"
    settings.save()

    html = client.get(site.news.url).content.decode()
    assert "Westmoor Community Network" in html
    assert "Westmoor VCS Assembly" not in html
    assert "Open Monday to Thursday" in html


def test_an_unpublished_page_is_gone_at_once_even_though_the_way_to_it_was_cached(client, site):
    story = NewsPageFactory(parent=site.news, title="Hall reopens")
    assert client.get(story.url).status_code == 200

    story.unpublish()

    assert client.get(story.url).status_code == 404


def test_a_renamed_section_shows_its_new_name_in_the_breadcrumbs_of_its_pages(client, site):
    story = NewsPageFactory(parent=site.news, title="Hall reopens")
    assert "Latest from the county" not in client.get(story.url).content.decode()

    site.news.title = "Latest from the county"
    site.news.save_revision().publish()

    breadcrumbs = client.get(story.url).content.decode().split('aria-label="Breadcrumb"')[1]
    assert "Latest from the county" in breadcrumbs.split("</nav>")[0]


def test_a_section_made_private_leaves_the_menu_and_the_home_page_at_once(client, site):
    members = StandardPageFactory(
        parent=site.home, title="Members' corner", show_in_menus=True, summary="For members"
    )
    assert "Members&#x27; corner" in menu_of(client.get("/"))

    PageViewRestriction.objects.create(page=members, restriction_type="login")

    response = client.get("/")
    assert "Members&#x27; corner" not in menu_of(response)
    assert "For members" not in response.content.decode()


def test_a_page_under_a_section_made_private_asks_for_sign_in_at_once(client, site):
    story = NewsPageFactory(parent=site.news, title="Hall reopens")
    assert client.get(story.url).status_code == 200
    assert client.get(story.url).status_code == 200  # what is restricted is now kept

    restriction = PageViewRestriction.objects.create(page=site.news, restriction_type="login")
    response = client.get(story.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    restriction.delete()
    assert client.get(story.url).status_code == 200


def test_a_news_story_with_a_new_tag_adds_the_tag_to_the_news_filters_at_once(client, site):
    story = NewsPageFactory(parent=site.news)
    story.tags.add("funding")
    story.save()
    first = client.get(site.news.url).content.decode()
    assert 'value="funding"' in first
    assert 'value="heritage"' not in first

    museum = NewsPageFactory.build(title="Museum grant", live=False)
    site.news.add_child(instance=museum)
    museum.tags.add("heritage")
    museum.save_revision().publish()

    assert 'value="heritage"' in client.get(site.news.url).content.decode()
