"""Demo content of the foundation: accounts, site settings and the standard pages."""

from django.contrib.auth import get_user_model
from wagtail.models import Site

from consortium.members.accounts import verified_email
from home.models import HomePage, SiteSettings, StandardPage

from .images import demo_image
from .privacy import privacy_notice_body

DEMO_PASSWORD = "shoal-demo"  # noqa: S105 (development-only demo accounts)


def ensure_user(username, *, superuser=False, groups=(), first_name="", last_name=""):
    """Create the demo account once; reset its password and confirm its email address."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@shoal.localhost",
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    user.is_staff = superuser or user.is_staff
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    if groups:
        user.groups.add(*groups)
    verified_email(user)  # demo accounts sign in at /accounts/login/ without a link
    return user


def add_child(parent, page_class, slug, **fields):
    """Return the child of ``parent`` with this slug, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


STANDARD_PAGES = [
    (
        "about",
        "About Shoal",
        "Shoal helps small charities and community groups work together without merging.",
        [
            ("heading", {"text": "Sharing without merging", "level": "h2"}),
            (
                "paragraph",
                "<p>Many local community organisations are small. They lack back "
                "office services such as HR, IT and finance, and their leaders have little time "
                "for planning. Shoal brings them together in forums and clusters so that each "
                "can act as if it were bigger, while keeping its own independence.</p>",
            ),
            (
                "quote",
                {
                    "text": "Clustering gives the smaller organisations all the benefits "
                    "of being part of something bigger, while retaining their individuality.",
                    "attribution": "A regional voluntary sector network",
                },
            ),
        ],
    ),
    (
        "how-to-join",
        "How to join",
        "Membership is free for voluntary and community organisations in the county.",
        [
            (
                "paragraph",
                "<p>Any voluntary or community organisation working in the county "
                "can join. You will be able to post offers and needs, join forums of interest "
                "and take part in joint bids.</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "Ready to join?",
                    "text": "Sign in or ask us for an account for your organisation.",
                    "button_text": "Sign in",
                    "url": "/accounts/login/",
                    "page": None,
                },
            ),
        ],
    ),
    (
        "accessibility-statement",
        "Accessibility statement",
        "We want as many people as possible to be able to use this website.",
        [
            (
                "paragraph",
                "<p>This website aims to meet the Web Content Accessibility "
                "Guidelines (WCAG) version 2.2 at level AA. Every type of public page is checked "
                "automatically with axe-core each time the site changes.</p>",
            ),
            ("heading", {"text": "Reporting problems", "level": "h2"}),
            (
                "paragraph",
                "<p>If you find a problem, contact us using the details at the "
                "bottom of every page. We aim to reply within 5 working days.</p>",
            ),
        ],
    ),
    (
        "privacy-notice",
        "Privacy notice",
        "How we use the information you give us, what we keep and for how long.",
        privacy_notice_body(),
    ),
]


def load_site(stdout=None):
    """Accounts, settings and standard pages; safe to run again."""
    ensure_user("admin", superuser=True, first_name="Ada", last_name="Admin")

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if isinstance(home, HomePage) and not home.hero_text:
        home.title = "Shoal"
        home.hero_heading = "Sharing without merging"
        home.hero_text = (
            "Shoal is where the county's small charities and community groups meet, share "
            "resources and bid for contracts together, while each stays independent."
        )
        home.summary = "A community portal for the county's voluntary and community sector."
        home.social_image = demo_image("A shoal of fish", seed=1)
        home.save_revision().publish()

    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Shoal"
    settings.tagline = "Small charities, sharing without merging"
    settings.contact_email = "hello@shoal.localhost"
    settings.contact_phone = "01234 567890"
    settings.address = "Shoal Community Hub\n1 Harbour Street\nMarket Town\nAB1 2CD"
    settings.social_links = [
        ("link", {"name": "Mastodon", "url": "https://mastodon.example/@shoal"}),
        ("link", {"name": "LinkedIn", "url": "https://linkedin.example/company/shoal"}),
    ]
    settings.save()

    pages = {}
    for slug, title, intro, body in STANDARD_PAGES:
        page = add_child(
            home,
            StandardPage,
            slug,
            title=title,
            introduction=intro,
            body=body,
            show_in_menus=slug in {"about", "how-to-join"},
            summary=intro,
        )
        if not page.body:
            page.body = body
            page.save_revision().publish()
        pages[slug] = page

    # The footer links to these on every page, and surveys to the privacy notice.
    settings.privacy_notice = pages["privacy-notice"]
    settings.accessibility_statement = pages["accessibility-statement"]
    settings.save()
