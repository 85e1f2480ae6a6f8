"""Demo content of the community site: members, forums, clusters, news, case studies, events.

Everything here is fictional, drawn from the seed documents (mini-clusters across several
funds, Sharing without Merging resource and impact clusters, micro-clusters by community and
place, Forums of Interest, the future of infrastructure support). Every object is looked up
by its name or slug before it is created, so running the loader twice changes nothing.
Dates are relative to the day the demo is first loaded.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site

from consortium.organisations.models import Area, Organisation
from home.editorial import require_moderation
from home.models import (
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyOrganisation,
    CaseStudyPage,
    ClusterIndexPage,
    ClusterKind,
    ClusterMember,
    ClusterNextStep,
    ClusterPage,
    EventIndexPage,
    EventKind,
    EventPage,
    ForumConvenor,
    ForumIndexPage,
    ForumMember,
    ForumPage,
    Fund,
    MeetingFormat,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    SurveyFormField,
    SurveyPage,
)

from .images import demo_image
from .site import add_child, ensure_user

LONDON = ZoneInfo("Europe/London")

# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------

EDITORIAL_ACCOUNTS = [
    # username, groups, first name, last name
    ("editor", ["Communications"], "Esme", "Edwards"),
    ("moderator", ["Moderators"], "Moses", "Morgan"),
    # Runs the surveys: edits them as Communications, reads and exports the answers.
    ("surveys", ["Communications", "Survey managers"], "Suki", "Singh"),
]


def load_accounts():
    for username, group_names, first_name, last_name in EDITORIAL_ACCOUNTS:
        groups = Group.objects.filter(name__in=group_names)
        user = ensure_user(username, groups=groups, first_name=first_name, last_name=last_name)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


# --------------------------------------------------------------------------------------------
# Member organisations and funds (all fictional)
# --------------------------------------------------------------------------------------------

ORGANISATIONS = [
    # name, area, short description
    (
        "Riverside Befrienders",
        Area.CENTRAL,
        "Volunteers who visit and phone older people living alone, so nobody goes a week "
        "without a friendly conversation.",
    ),
    (
        "Long Meadow Memory Café",
        Area.SOUTH,
        "A monthly café for people living with dementia and the family members who care for them.",
    ),
    (
        "Oakfield Men's Shed",
        Area.EAST,
        "A workshop where older men meet, make and mend things, and look out for each other.",
    ),
    (
        "Harbour Lights Youth Project",
        Area.TOWN_CENTRE,
        "Youth club, detached youth work and one-to-one mentoring for 11 to 19 year olds.",
    ),
    (
        "Foxwell Young Carers",
        Area.NORTH,
        "Breaks, groups and school support for children who look after a family member.",
    ),
    (
        "Willow Bank Play Association",
        Area.WEST,
        "Free holiday play schemes and adventure play sessions in local parks.",
    ),
    (
        "Sandstone Family Hub",
        Area.WEST,
        "Stay-and-play groups, parenting courses and a baby bank for young families.",
    ),
    (
        "Millbrook Carers Network",
        Area.EAST,
        "Information, peer support and short breaks for unpaid carers of adults.",
    ),
    (
        "Brookside Wellbeing Group",
        Area.SOUTH,
        "Peer support groups and walking groups for people living with anxiety or depression.",
    ),
    (
        "Stepping Stones Recovery Café",
        Area.CENTRAL,
        "A welcoming café run by and for people in recovery from drug and alcohol use.",
    ),
    (
        "Heathside Sensory Support",
        Area.COUNTYWIDE,
        "Practical help, equipment advice and social groups for people with sight or hearing loss.",
    ),
    (
        "Greenway Community Garden",
        Area.WEST,
        "A community growing space that shares its harvest with local food projects.",
    ),
    (
        "Moorland Wildlife Volunteers",
        Area.RURAL,
        "Practical conservation days: hedge laying, path repairs and wildlife surveys.",
    ),
    (
        "Kingfisher Repair Café",
        Area.NORTH,
        "Volunteers who fix household items for free, keeping them out of landfill.",
    ),
    (
        "Hillside Village Halls Association",
        Area.RURAL,
        "A network of village hall committees sharing advice, bookings and equipment.",
    ),
    (
        "Three Valleys Community Transport",
        Area.RURAL,
        "Volunteer drivers and a wheelchair-accessible minibus for villages with no bus.",
    ),
    (
        "Fernlea Good Neighbours",
        Area.RURAL,
        "A village good neighbour scheme: lifts, shopping and a friendly face.",
    ),
    (
        "Upper Dale Youth Trust",
        Area.RURAL,
        "Youth clubs and outdoor activities for young people in the upland villages.",
    ),
    (
        "New Horizons Welcome Project",
        Area.TOWN_CENTRE,
        "Drop-ins, befriending and volunteering opportunities for refugees and people "
        "seeking asylum.",
    ),
    (
        "Open Door Language Café",
        Area.CENTRAL,
        "Informal English conversation sessions for new arrivals, led by volunteers.",
    ),
    (
        "Safe Harbour Housing Advice",
        Area.TOWN_CENTRE,
        "Housing advice and advocacy for refugees, people seeking asylum and migrants.",
    ),
    (
        "Welcome Table Volunteers",
        Area.NORTH,
        "Shared meals and a volunteer-run welcome for families newly arrived in the county.",
    ),
    (
        "Kite Hill Women's Centre",
        Area.NORTH,
        "A women-only space offering courses, counselling and a weekly drop-in.",
    ),
    (
        "Bridgeside Safer Futures",
        Area.SOUTH,
        "Support for women and children affected by domestic abuse.",
    ),
    (
        "Northgate Asian Women's Circle",
        Area.TOWN_CENTRE,
        "Social, health and learning activities for South Asian women and their families.",
    ),
    (
        "Eastfield South Asian Elders Group",
        Area.EAST,
        "Lunch club, exercise classes and advice sessions for South Asian elders.",
    ),
    (
        "Parkside Community Languages School",
        Area.CENTRAL,
        "Weekend classes in Punjabi, Urdu and Gujarati run by volunteer teachers.",
    ),
    (
        "Marketgate Advice Collective",
        Area.TOWN_CENTRE,
        "Free, confidential advice on welfare benefits, debt and employment rights.",
    ),
    (
        "Castle Ward Food Pantry",
        Area.TOWN_CENTRE,
        "A membership food pantry offering low-cost groceries and cooking sessions.",
    ),
    (
        "Wharf Street Community Kitchen",
        Area.TOWN_CENTRE,
        "Hot meals, a community fridge and kitchen skills training in the inner city.",
    ),
    (
        "Tannery Lane Digital Inclusion Project",
        Area.TOWN_CENTRE,
        "Free help to get online: devices, data and patient volunteers.",
    ),
    (
        "Lantern Arts Collective",
        Area.CENTRAL,
        "Community arts projects, workshops and exhibitions for wellbeing.",
    ),
    (
        "Valley Voices Community Radio",
        Area.COUNTYWIDE,
        "A volunteer-run community radio station giving local groups a voice on air.",
    ),
    (
        "Quarry Hill Neighbourhood Centre",
        Area.CENTRAL,
        "A neighbourhood centre with a nursery, advice service and community rooms.",
    ),
    (
        "Canal Side Settlement",
        Area.TOWN_CENTRE,
        "A settlement running youth work, adult learning and older people's activities.",
    ),
    (
        "Old Mill Community Association",
        Area.EAST,
        "A community association that runs the Old Mill building and its activities.",
    ),
]

FUNDS = [
    (
        "Volunteering Support Fund",
        "Supports organisations to recruit, train and keep volunteers, especially people "
        "who face barriers to volunteering.",
    ),
    (
        "Equalities and Cohesion Fund",
        "Funds work that tackles inequality and brings communities together.",
    ),
    (
        "Wellbeing Fund",
        "Supports community projects that improve people's mental and physical wellbeing.",
    ),
    (
        "Safer Lives Fund",
        "Funds services for women and children affected by violence and abuse.",
    ),
]
FUNDER = "County Community Foundation"


def website_for(name):
    slug = "".join(c if c.isalnum() else "-" for c in name.lower().replace("'", ""))
    return f"https://{'-'.join(part for part in slug.split('-') if part)}.example"


def email_for(person, organisation):
    return f"{person.split()[0].lower()}@{website_for(organisation).removeprefix('https://')}"


def load_organisations():
    organisations = {}
    for name, area, description in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_description": description,
                "website": website_for(name),
                "area": area,
            },
        )
        organisations[name] = organisation
    return organisations


def load_funds():
    funds = {}
    for name, description in FUNDS:
        slug = website_for(name).removeprefix("https://").removesuffix(".example")
        fund, _ = Fund.objects.get_or_create(
            name=name,
            defaults={
                "funder": FUNDER,
                "description": description,
                "website": f"https://county-community-foundation.example/funds/{slug}",
            },
        )
        funds[name] = fund
    return funds


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def ordered(objects):
    """Give inline children their order, so they list as written."""
    for index, obj in enumerate(objects):
        obj.sort_order = index
    return list(objects)


def members(link_class, organisations, names):
    return ordered([link_class(organisation=organisations[name]) for name in names])


def tags(*names):
    return [NewsPageTag(tag=Tag.objects.get_or_create(name=name)[0]) for name in names]


def at(day, hour, minute=0):
    """An aware datetime in UK time, ``day`` days from today (moved off a weekend)."""
    date = timezone.localdate() + datetime.timedelta(days=day)
    if date.weekday() >= 5:  # Saturday or Sunday: the following Monday
        date += datetime.timedelta(days=7 - date.weekday())
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=LONDON)


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def paragraph(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def quote(text, attribution):
    return ("quote", {"text": text, "attribution": attribution})


def with_links(body, **page_ids):
    """Fill in the ids of the pages that paragraphs link to (Wagtail's internal links)."""
    return [
        (kind, value.format(**page_ids) if kind == "paragraph" else value) for kind, value in body
    ]


def bullet_list(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# --------------------------------------------------------------------------------------------
# Index pages
# --------------------------------------------------------------------------------------------

INDEXES = [
    (
        "forums",
        ForumIndexPage,
        "Forums of Interest",
        "Forums of Interest bring together member organisations that serve the same people "
        "or share a theme, to speak with one voice and plan work together.",
        {
            "introduction": "Our Forums of Interest are groups of member organisations "
            "working together around common beneficiaries or themes. Each has one or two "
            "convenors, meets regularly and represents its members to public sector partners.",
        },
    ),
    (
        "clusters",
        ClusterIndexPage,
        "Clusters",
        "Clusters are small groups of organisations linked by place or interest that share "
        "resources, or build their impact, without merging.",
        {
            "introduction": "A cluster is a group of organisations linked by location or "
            "interest, working together to develop resources or impact that none of them "
            "could achieve alone. Each keeps its independence; each agrees achievable next "
            "steps.",
        },
    ),
    (
        "news",
        NewsIndexPage,
        "News",
        "News from the forums, clusters and member organisations of Shoal.",
        {"introduction": "News from our forums, clusters and member organisations."},
    ),
    (
        "case-studies",
        CaseStudyIndexPage,
        "Case studies",
        "Stories of small organisations achieving more by working together.",
        {
            "introduction": "What small charities and community groups have achieved by "
            "sharing without merging, in their own words and in figures.",
        },
    ),
    (
        "events",
        EventIndexPage,
        "Events",
        "Meetings, webinars, podcasts and training for member organisations.",
        {
            "introduction": "Forum and cluster meetings, webinars, podcasts and training. "
            "Online events can be watched again afterwards.",
        },
    ),
]


def load_indexes(home):
    indexes = {}
    for slug, page_class, title, summary, fields in INDEXES:
        indexes[slug] = add_child(
            home,
            page_class,
            slug,
            title=title,
            summary=summary,
            show_in_menus=True,
            **fields,
        )
    require_moderation(indexes["news"])
    require_moderation(indexes["case-studies"])
    return indexes


# --------------------------------------------------------------------------------------------
# Forums of Interest
# --------------------------------------------------------------------------------------------

FORUMS = [
    {
        "slug": "older-people",
        "title": "Older People's Forum",
        "theme": "Older people",
        "beneficiaries": "People over 60, especially those living alone, living with "
        "dementia or caring for a partner.",
        "introduction": "Organisations working with older people across the county, sharing "
        "volunteers, venues and what they hear from the people they support.",
        "body": [
            heading("What we do"),
            *paragraph(
                "We meet every quarter to share news, plan joint work on loneliness and "
                "respond together to consultations on adult social care.",
                "This winter members are running a joint befriending drive, sharing one "
                "volunteer application form and one set of training sessions.",
            ),
        ],
        "convenors": [("Margaret Ellis", "Coordinator", "Riverside Befrienders")],
        "members": [
            "Riverside Befrienders",
            "Long Meadow Memory Café",
            "Oakfield Men's Shed",
            "Eastfield South Asian Elders Group",
            "Fernlea Good Neighbours",
            "Heathside Sensory Support",
        ],
    },
    {
        "slug": "children-and-young-people",
        "title": "Children and Young People's Forum",
        "theme": "Children and young people",
        "beneficiaries": "Children, young people up to 25 and their families.",
        "introduction": "Youth clubs, play projects, young carers' services and family "
        "support groups, working together so that young people are heard.",
        "body": [
            heading("What we do"),
            *paragraph(
                "The forum shares safeguarding training, runs a joint holiday activities "
                "programme and brings young people's views to the county's children's "
                "partnership.",
            ),
            quote(
                "Together we can offer a whole summer of activities that none of us could "
                "run alone.",
                "A youth worker from a member organisation",
            ),
        ],
        "convenors": [
            ("Daniel Price", "Youth Work Manager", "Harbour Lights Youth Project"),
            ("Aisha Rahman", "Family Support Lead", "Sandstone Family Hub"),
        ],
        "members": [
            "Harbour Lights Youth Project",
            "Foxwell Young Carers",
            "Willow Bank Play Association",
            "Sandstone Family Hub",
            "Upper Dale Youth Trust",
            "Parkside Community Languages School",
        ],
    },
    {
        "slug": "health-and-social-care",
        "title": "Health and Social Care Forum",
        "theme": "Health and social care",
        "beneficiaries": "People living with long-term conditions, disabled people, unpaid "
        "carers and people using mental health services.",
        "introduction": "Voluntary organisations that support people's health and wellbeing, "
        "working in partnership with the NHS and the county council.",
        "body": [
            heading("Building health partnerships"),
            *paragraph(
                "The forum brings members together with health commissioners to design "
                "joint projects, and makes sure small groups hear about health funding in "
                "time to bid for it.",
            ),
        ],
        "convenors": [("Ruth Okafor", "Chief Officer", "Millbrook Carers Network")],
        "members": [
            "Millbrook Carers Network",
            "Brookside Wellbeing Group",
            "Stepping Stones Recovery Café",
            "Heathside Sensory Support",
            "Long Meadow Memory Café",
            "Northgate Asian Women's Circle",
            "Tannery Lane Digital Inclusion Project",
        ],
    },
    {
        "slug": "environment",
        "title": "Environment Forum",
        "theme": "Environment",
        "beneficiaries": "Local communities, and the green spaces and wildlife they share.",
        "introduction": "Community gardens, conservation volunteers and repair cafés working "
        "together for a greener county.",
        "body": [
            heading("Sharing tools and know-how"),
            *paragraph(
                "Members keep a shared list of tools and equipment that can be borrowed, "
                "and run joint volunteer days so that nobody needs to buy what a neighbour "
                "already owns.",
            ),
        ],
        "convenors": [("Owen Hughes", "Volunteer Coordinator", "Moorland Wildlife Volunteers")],
        "members": [
            "Greenway Community Garden",
            "Moorland Wildlife Volunteers",
            "Kingfisher Repair Café",
            "Hillside Village Halls Association",
        ],
    },
    {
        "slug": "rural-communities",
        "title": "Rural Communities Forum",
        "theme": "Rural communities",
        "beneficiaries": "People living in villages and isolated rural areas.",
        "introduction": "Village halls, community transport and good neighbour schemes, "
        "making sure rural needs are not forgotten.",
        "body": [
            heading("Distance is the challenge"),
            *paragraph(
                "In a rural county needs are diverse and services are far apart. The forum "
                "shares minibuses, halls and volunteers between villages, and gauges interest "
                "in joint buying of heating oil.",
            ),
        ],
        "convenors": [
            ("Gwen Lloyd", "Secretary", "Hillside Village Halls Association"),
            ("Peter Marsh", "Transport Manager", "Three Valleys Community Transport"),
        ],
        "members": [
            "Hillside Village Halls Association",
            "Three Valleys Community Transport",
            "Fernlea Good Neighbours",
            "Upper Dale Youth Trust",
            "Moorland Wildlife Volunteers",
        ],
    },
    {
        "slug": "refugees-and-asylum-seekers",
        "title": "Refugees and Asylum Seekers Forum",
        "theme": "Refugees and asylum seekers",
        "beneficiaries": "Refugees, people seeking asylum and other new arrivals to the county.",
        "introduction": "Organisations that welcome and support new arrivals, and that "
        "involve them as volunteers.",
        "body": [
            heading("A shared welcome"),
            *paragraph(
                "The forum keeps a shared directory of drop-ins, language sessions and "
                "advice, and works with the refugee and asylum seekers mini-cluster on "
                "volunteer management.",
            ),
        ],
        "convenors": [("Samira Haddad", "Project Manager", "New Horizons Welcome Project")],
        "members": [
            "New Horizons Welcome Project",
            "Open Door Language Café",
            "Safe Harbour Housing Advice",
            "Welcome Table Volunteers",
            "Marketgate Advice Collective",
        ],
    },
    {
        "slug": "arts-and-culture",
        "title": "Arts and Culture Forum",
        "theme": "Arts and culture",
        "beneficiaries": "Everyone who takes part in community arts, music, radio and heritage.",
        "introduction": "Community arts groups and media projects that use creativity to "
        "bring people together.",
        "body": [
            heading("Creative partnerships"),
            *paragraph(
                "Members share venues and equipment, promote each other's events and offer "
                "creative sessions to other forums' members.",
            ),
        ],
        "convenors": [("Leon Carter", "Artistic Director", "Lantern Arts Collective")],
        "members": [
            "Lantern Arts Collective",
            "Valley Voices Community Radio",
            "Old Mill Community Association",
            "Parkside Community Languages School",
        ],
    },
    {
        "slug": "advice-and-welfare",
        "title": "Advice and Welfare Forum",
        "theme": "Advice and welfare",
        "beneficiaries": "People facing debt, benefit changes, food poverty or insecure housing.",
        "introduction": "Advice services, food projects and digital inclusion projects, "
        "working together on welfare reform and the cost of living.",
        "body": [
            heading("Referring with confidence"),
            *paragraph(
                "The forum agreed one simple referral form so that a person only has to tell "
                "their story once, and meets every two months to share what is changing.",
            ),
        ],
        "convenors": [("Janet Booth", "Advice Manager", "Marketgate Advice Collective")],
        "members": [
            "Marketgate Advice Collective",
            "Castle Ward Food Pantry",
            "Wharf Street Community Kitchen",
            "Tannery Lane Digital Inclusion Project",
            "Safe Harbour Housing Advice",
            "Quarry Hill Neighbourhood Centre",
        ],
    },
]


def load_forums(index, organisations):
    forums = {}
    for forum in FORUMS:
        convenors = ordered(
            [
                ForumConvenor(
                    name=name,
                    role=role,
                    organisation=organisations[organisation],
                    email=email_for(name, organisation),
                )
                for name, role, organisation in forum["convenors"]
            ]
        )
        forums[forum["slug"]] = add_child(
            index,
            ForumPage,
            forum["slug"],
            title=forum["title"],
            theme=forum["theme"],
            beneficiaries=forum["beneficiaries"],
            introduction=forum["introduction"],
            summary=forum["introduction"],
            body=forum["body"],
            convenors=convenors,
            member_links=members(ForumMember, organisations, forum["members"]),
        )
    return forums


# --------------------------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------------------------

CLUSTERS = [
    {
        "slug": "refugee-and-asylum-seekers-mini-cluster",
        "title": "Refugee and Asylum Seekers Mini-Cluster",
        "kind": ClusterKind.MINI,
        "theme": "Working with volunteers from the refugee and asylum seekers community",
        "introduction": "Organisations funded from four different funds meet bi-monthly to "
        "share their expertise in working with refugees and people seeking asylum, "
        "especially as volunteers.",
        "funds": [name for name, _ in FUNDS],
        "facilitator": "Nadia Karim, Network Officer, Shoal",
        "meeting_pattern": "Bi-monthly",
        "meeting_format": MeetingFormat.HYBRID,
        "shared_priorities": bullet_list(
            "Volunteer management that works for volunteers from the refugee and asylum "
            "seekers community",
            "Understanding the housing issues refugees and people seeking asylum face",
            "The mental health of volunteers with lived experience of seeking asylum",
            "Training, remote working and sharing resources with each other's volunteers",
        ),
        "outcomes": "<h3>What members say works</h3>"
        "<p>In a survey of 37 organisations that have attended meetings, the most useful "
        "parts of the mini-cluster were:</p>"
        + bullet_list(
            "connecting with other agencies to hear what they are doing, share resources "
            "and ideas, and learn different ways of tackling common challenges",
            "hearing from council and health commissioners how their projects fit the "
            "wider strategy",
        )
        + "<h3>What changed for them</h3>"
        + bullet_list(
            "learning that they are not alone, and share many of the same challenges and successes",
            "responding together to a housing crisis facing people seeking asylum, because "
            "of the relationships built at the mini-cluster",
            "time to reflect on their practice and explore ways to work better together",
        ),
        "body": [
            heading("How it started"),
            *paragraph(
                "The mini-cluster began as an offshoot of the Volunteering Support Fund "
                "cluster, when funded organisations asked for a focused space to discuss "
                "the theme that connected them all. It now brings together organisations "
                "from four funds.",
                "Meetings alternate between online and face to face, so that everyone can "
                "take part wherever they are in the county. Volunteers are welcome as well "
                "as project leads.",
            ),
        ],
        "members": [
            "New Horizons Welcome Project",
            "Open Door Language Café",
            "Safe Harbour Housing Advice",
            "Welcome Table Volunteers",
            "Brookside Wellbeing Group",
            "Bridgeside Safer Futures",
            "Kite Hill Women's Centre",
        ],
        "next_steps": [
            (
                "Share a volunteer induction pack written with refugee volunteers",
                "New Horizons Welcome Project",
                -40,
                True,
            ),
            (
                "Invite the county's housing team to a question and answer session",
                "Safe Harbour Housing Advice",
                12,
                False,
            ),
            (
                "Agree a shared approach to supporting volunteers' mental health",
                "Brookside Wellbeing Group",
                45,
                False,
            ),
        ],
    },
    {
        "slug": "womens-projects-hr-cluster",
        "title": "Women's Projects HR Resource Cluster",
        "kind": ClusterKind.RESOURCE,
        "theme": "Shared HR for small women's projects",
        "introduction": "A network of women's projects that chose HR as the back-office "
        "service they most needed to share, using the Sharing without Merging approach.",
        "funds": ["Safer Lives Fund", "Equalities and Cohesion Fund"],
        "facilitator": "Colin Ashworth, Sharing without Merging facilitator",
        "meeting_pattern": "Monthly during the pilot",
        "meeting_format": MeetingFormat.ONLINE,
        "shared_priorities": bullet_list(
            "HR: one set of policies, and a shared HR adviser the projects could not afford alone",
            "ICT: shared support and licences (the next priority)",
            "A joint bid for capacity-building funding",
        ),
        "outcomes": "<p>The members already knew each other through an existing network and "
        "had ideas for joint work. Facilitation helped them choose HR as the key priority, "
        "turn it into concrete plans and write a joint bid. Members say that having someone "
        "to plan meetings and do the follow-up legwork made the difference.</p>",
        "body": [
            heading("Sharing without merging"),
            *paragraph(
                "Internal infrastructure is a problem for almost every small organisation, "
                "and HR and IT are by far the biggest. By clustering, each project gets the "
                "benefit of being bigger while staying independent.",
            ),
        ],
        "members": [
            "Kite Hill Women's Centre",
            "Bridgeside Safer Futures",
            "Northgate Asian Women's Circle",
            "Sandstone Family Hub",
            "Welcome Table Volunteers",
        ],
        "next_steps": [
            ("Agree a shared set of HR policy templates", "Kite Hill Women's Centre", -60, True),
            (
                "Write the job description for a shared HR adviser, one day a week each",
                "Bridgeside Safer Futures",
                -10,
                True,
            ),
            (
                "Submit the joint bid for capacity-building funding",
                "Kite Hill Women's Centre",
                21,
                False,
            ),
            (
                "Scope shared IT support as the next priority",
                "Sandstone Family Hub",
                90,
                False,
            ),
        ],
    },
    {
        "slug": "neighbourhood-centres-impact-cluster",
        "title": "Neighbourhood Centres Impact Cluster",
        "kind": ClusterKind.IMPACT,
        "theme": "Communications and collective impact",
        "introduction": "The chief executives of the county's neighbourhood centres and "
        "settlements, working together because they felt they were punching below their "
        "weight.",
        "funds": [],
        "facilitator": "Colin Ashworth, Sharing without Merging facilitator",
        "meeting_pattern": "Every six weeks",
        "meeting_format": MeetingFormat.FACE_TO_FACE,
        "shared_priorities": bullet_list(
            "Communications: making community organisations visible",
            "Cataloguing the collective impact the centres make",
            "A business case and strategy for engaging the council's new chief executive",
        ),
        "outcomes": "<p>The cluster has agreed communications as its priority and is "
        "collecting figures from every centre. The benefits are medium to long term, so the "
        "members review their vision at every meeting.</p>",
        "body": [
            *paragraph(
                "The cluster is a voice of the community sector, not the voice: it speaks "
                "for its members, and invites other centres to join.",
            ),
        ],
        "members": [
            "Quarry Hill Neighbourhood Centre",
            "Canal Side Settlement",
            "Old Mill Community Association",
            "Harbour Lights Youth Project",
        ],
        "next_steps": [
            (
                "Collect a year of figures from every centre in one format",
                "Canal Side Settlement",
                -20,
                True,
            ),
            (
                "Publish a short report on our collective impact",
                "Quarry Hill Neighbourhood Centre",
                30,
                False,
            ),
            (
                "Present the business case to the council's chief executive",
                "Old Mill Community Association",
                75,
                False,
            ),
        ],
    },
    {
        "slug": "south-asian-community-micro-cluster",
        "title": "South Asian Community Micro-Cluster",
        "kind": ClusterKind.MICRO,
        "theme": "Shared training and IT support for South Asian community groups",
        "introduction": "Community groups run by and for South Asian communities, buying "
        "services together and sharing training.",
        "funds": ["Equalities and Cohesion Fund"],
        "facilitator": "Ravi Sharma, Development Worker, Shoal",
        "meeting_pattern": "Every first Tuesday",
        "meeting_format": MeetingFormat.HYBRID,
        "shared_priorities": bullet_list(
            "Buying in collective IT support",
            "Shared training for volunteers and committee members",
            "Marketing activities to families who do not yet use them",
        ),
        "outcomes": "<p>The members now share one IT support contract. Training sessions "
        "are open to every member's volunteers.</p>",
        "body": paragraph(
            "Clustering builds on what community groups already do well, such as networking "
            "and sharing venues, and turns it into longer-term collaboration.",
        ),
        "members": [
            "Northgate Asian Women's Circle",
            "Eastfield South Asian Elders Group",
            "Parkside Community Languages School",
        ],
        "next_steps": [
            (
                "Sign the shared IT support contract",
                "Northgate Asian Women's Circle",
                -90,
                True,
            ),
            (
                "Run a joint safeguarding course for volunteer teachers and helpers",
                "Parkside Community Languages School",
                18,
                False,
            ),
        ],
    },
    {
        "slug": "rural-micro-cluster",
        "title": "Three Valleys Rural Micro-Cluster",
        "kind": ClusterKind.MICRO,
        "theme": "Collective purchasing and co-location in the villages",
        "introduction": "Village organisations that buy together, share buildings and speak "
        "up for rural communities.",
        "funds": ["Wellbeing Fund"],
        "facilitator": "Gwen Lloyd, Hillside Village Halls Association",
        "meeting_pattern": "Quarterly",
        "meeting_format": MeetingFormat.HYBRID,
        "shared_priorities": bullet_list(
            "Collective purchasing of heating oil and insurance for village halls",
            "Co-location: sharing halls and a minibus between groups",
            "Representation to the county council on rural transport",
        ),
        "outcomes": "<p>Six halls ordered heating oil together last winter. The cluster "
        "now keeps a shared booking calendar for halls and the minibus.</p>",
        "body": paragraph(
            "Distances are long and budgets small, so sharing what already exists matters "
            "more in the villages than anywhere.",
        ),
        "members": [
            "Hillside Village Halls Association",
            "Three Valleys Community Transport",
            "Fernlea Good Neighbours",
            "Upper Dale Youth Trust",
            "Moorland Wildlife Volunteers",
        ],
        "next_steps": [
            (
                "Place the winter heating oil order together",
                "Hillside Village Halls Association",
                -120,
                True,
            ),
            (
                "Compare quotes for joint building insurance",
                "Hillside Village Halls Association",
                40,
                False,
            ),
            (
                "Respond together to the rural transport consultation",
                "Three Valleys Community Transport",
                25,
                False,
            ),
        ],
    },
    {
        "slug": "inner-city-micro-cluster",
        "title": "Inner-City Micro-Cluster",
        "kind": ClusterKind.MICRO,
        "theme": "Co-location, marketing and representation in the town centre",
        "introduction": "Food, advice and digital inclusion projects in the town centre, "
        "sharing space and speaking together to commissioners.",
        "funds": ["Wellbeing Fund", "Volunteering Support Fund"],
        "facilitator": "Nadia Karim, Network Officer, Shoal",
        "meeting_pattern": "Monthly",
        "meeting_format": MeetingFormat.FACE_TO_FACE,
        "shared_priorities": bullet_list(
            "Co-location: an advice surgery at the food pantry and the community kitchen",
            "Joint marketing: one leaflet and one social media calendar",
            "Lobbying health commissioners on food and digital exclusion",
        ),
        "outcomes": "<p>Advice is now offered where people already come for food, and the "
        "members share one volunteer training programme.</p>",
        "body": paragraph(
            "Members still compete for some grants, and that is fine: clustering can make "
            "competition healthier.",
        ),
        "members": [
            "Castle Ward Food Pantry",
            "Wharf Street Community Kitchen",
            "Marketgate Advice Collective",
            "Tannery Lane Digital Inclusion Project",
        ],
        "next_steps": [
            (
                "Start a weekly advice surgery at the food pantry",
                "Marketgate Advice Collective",
                -30,
                True,
            ),
            (
                "Print a joint leaflet listing all members' sessions",
                "Wharf Street Community Kitchen",
                14,
                False,
            ),
            (
                "Meet health commissioners about digital exclusion",
                "Tannery Lane Digital Inclusion Project",
                50,
                False,
            ),
        ],
    },
]


def load_clusters(index, organisations, funds):
    clusters = {}
    for cluster in CLUSTERS:
        next_steps = ordered(
            [
                ClusterNextStep(
                    action=action,
                    owner=organisations[owner],
                    due_date=days_from_today(due),
                    done=done,
                )
                for action, owner, due, done in cluster["next_steps"]
            ]
        )
        clusters[cluster["slug"]] = add_child(
            index,
            ClusterPage,
            cluster["slug"],
            title=cluster["title"],
            kind=cluster["kind"],
            theme=cluster["theme"],
            introduction=cluster["introduction"],
            summary=cluster["introduction"],
            funds=[funds[name] for name in cluster["funds"]],
            facilitator=cluster["facilitator"],
            meeting_pattern=cluster["meeting_pattern"],
            meeting_format=cluster["meeting_format"],
            shared_priorities=cluster["shared_priorities"],
            outcomes=cluster["outcomes"],
            body=cluster["body"],
            member_links=members(ClusterMember, organisations, cluster["members"]),
            next_steps=next_steps,
        )
    return clusters


# --------------------------------------------------------------------------------------------
# News
# --------------------------------------------------------------------------------------------

NEWS = [
    {
        "slug": "have-your-say-on-infrastructure-support",
        "title": "Have your say on the future of infrastructure support",
        "days_ago": 6,
        "author": "Nadia Karim",
        "summary": "The county's infrastructure support contract is changing and there will "
        "be less money. Tell us in 10 minutes what support your group needs most.",
        "tags": ["infrastructure", "funding"],
        "body": [
            *paragraph(
                "We are planning how we support the sector for the next few years, and we "
                "want to hear from as many member organisations as possible.",
                "Please take 10 minutes to answer our survey, "
                '<a linktype="page" id="{survey}">Have your say: the future of '
                "infrastructure support</a>.",
            ),
        ],
    },
    {
        "slug": "mini-cluster-hears-from-volunteers-on-mental-health",
        "title": "Mini-cluster hears from volunteers about mental health",
        "days_ago": 45,
        "author": "Nadia Karim",
        "summary": "Volunteers from the refugee and asylum seekers community told the "
        "mini-cluster, first hand, how seeking asylum affects their mental health.",
        "tags": ["volunteering", "clustering"],
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
        "image": 21,
        "image_alt": "An illustration of a shoal of fish",
        "body": [
            *paragraph(
                "Three volunteers spoke about their own experience, and a member organisation "
                "that runs peer support groups presented research on the mental health of "
                "people seeking asylum.",
                "Members then discussed what more they could do to support volunteers, and "
                "agreed to write a shared approach together.",
            ),
            quote(
                "It matters that volunteers are in the room, not only the people who run "
                "the projects.",
                "A mini-cluster member",
            ),
        ],
    },
    {
        "slug": "training-moves-to-webinars-and-podcasts",
        "title": "Training moves to webinars and podcasts you can watch when you have time",
        "days_ago": 48,
        "author": "Tom Whitaker",
        "summary": "Small groups told us they struggle to get to daytime courses. Our "
        "training will now focus on funding and fundraising, mostly online and on demand.",
        "tags": ["training", "infrastructure"],
        "body": [
            *paragraph(
                "With less money for infrastructure support, our training programme will "
                "offer fewer subjects and concentrate on funding and fundraising for micro "
                "and small organisations.",
                "Much of it will be webinars and podcasts that you can watch or listen to "
                "whenever suits you. We think that may suit busy volunteers better than a "
                "day in a training room.",
            ),
        ],
    },
    {
        "slug": "infrastructure-support-contract-changes",
        "title": "Infrastructure support contract: what the changes mean for small groups",
        "days_ago": 75,
        "author": "Tom Whitaker",
        "summary": "A new infrastructure support contract opens for expressions of interest "
        "soon. Here is what we expect to change, and what will stay the same.",
        "tags": ["infrastructure", "funding"],
        "image": 22,
        "image_alt": "",
        "body": [
            heading("Four things we will focus on"),
            (
                "paragraph",
                bullet_list(
                    "Representation and voice for the sector",
                    "The support needs of micro and small organisations",
                    "Funding and fundraising for micro and small organisations",
                    "Place-based volunteering",
                ),
            ),
            *paragraph(
                "Supporting an entire sector on the money available will not be possible, "
                "so we will concentrate on the groups that need us most.",
            ),
        ],
    },
    {
        "slug": "micro-cluster-buys-it-support-together",
        "title": "Micro-cluster buys IT support together",
        "days_ago": 98,
        "author": "Ravi Sharma",
        "summary": "Three community groups now share one IT support contract, with help "
        "from the same engineer for every member.",
        "tags": ["joint buying", "clustering"],
        "cluster": "south-asian-community-micro-cluster",
        "image": 23,
        "image_alt": "",
        "body": paragraph(
            "None of the groups could afford a support contract alone. Buying together, "
            "they get regular back-ups, updates and a helpline for their volunteers.",
        ),
    },
    {
        "slug": "womens-projects-submit-joint-bid",
        "title": "Women's projects submit a joint bid for a shared HR adviser",
        "days_ago": 130,
        "author": "Colin Ashworth",
        "summary": "Five women's projects in the HR resource cluster have bid together for "
        "an adviser who will work one day a week with each of them.",
        "tags": ["funding", "clustering"],
        "cluster": "womens-projects-hr-cluster",
        "body": paragraph(
            "The bid builds on the shared HR policies the cluster agreed in the spring. If "
            "it succeeds, the adviser will start in the autumn.",
        ),
    },
    {
        "slug": "rural-groups-order-heating-oil-together",
        "title": "Rural groups order heating oil together",
        "days_ago": 165,
        "author": "Gwen Lloyd",
        "summary": "Six village halls placed one heating oil order through the Three Valleys "
        "micro-cluster, and paid less for it.",
        "tags": ["joint buying"],
        "cluster": "rural-micro-cluster",
        "forum": "rural-communities",
        "image": 24,
        "image_alt": "",
        "body": paragraph(
            "Joint buying was the first priority the micro-cluster chose. Next the halls "
            "will compare quotes for building insurance.",
        ),
    },
    {
        "slug": "proposal-for-an-online-brokerage",
        "title": "A proposal for an online brokerage to share skills, equipment and venues",
        "days_ago": 200,
        "author": "Nadia Karim",
        "summary": "Members tell us they share little because they do not know who they could "
        "share with. An online brokerage, backed by staff, could change that.",
        "tags": ["infrastructure", "volunteering"],
        "body": [
            *paragraph(
                "The idea is simple: a place where member organisations post what they can "
                "offer and what they need, from volunteers and skills to equipment, venues "
                "and documents such as governance templates.",
                "Brokerage staff would help make matches and set up joint buying schemes, "
                "so that less time and money is spent on duplication.",
            ),
        ],
    },
    {
        "slug": "older-peoples-forum-winter-befriending",
        "title": "Older People's Forum launches a joint winter befriending drive",
        "days_ago": 235,
        "author": "Margaret Ellis",
        "summary": "Members of the Older People's Forum are recruiting befrienders together, "
        "with one application form and shared training.",
        "tags": ["volunteering"],
        "forum": "older-people",
        "image": 25,
        "image_alt": "",
        "body": paragraph(
            "Volunteers can choose which member organisation they befriend with, and all of "
            "them get the same induction.",
        ),
    },
    {
        "slug": "37-organisations-evaluate-the-mini-cluster",
        "title": "37 organisations tell us what works at the mini-cluster",
        "days_ago": 270,
        "author": "Nadia Karim",
        "summary": "Connecting with other agencies came top in our survey of organisations "
        "that attend the refugee and asylum seekers mini-cluster.",
        "tags": ["clustering"],
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
        "forum": "refugees-and-asylum-seekers",
        "body": paragraph(
            "Members valued hearing what other agencies do, sharing resources and ideas, "
            "and learning that they are not alone with the challenges they face.",
        ),
    },
    {
        "slug": "neighbourhood-centres-count-their-impact",
        "title": "Neighbourhood centres count their collective impact",
        "days_ago": 305,
        "author": "Colin Ashworth",
        "summary": "The impact cluster of neighbourhood centres is collecting a year of figures "
        "to show what community organisations achieve together.",
        "tags": ["clustering", "infrastructure"],
        "cluster": "neighbourhood-centres-impact-cluster",
        "body": paragraph(
            "The centres felt they were punching below their weight. Counting what they do "
            "together is the first step of their communications plan.",
        ),
    },
    {
        "slug": "sharing-without-merging-hr-pilot-begins",
        "title": "Sharing without merging: an HR pilot for women's projects begins",
        "days_ago": 345,
        "author": "Colin Ashworth",
        "summary": "A network of women's projects has started a Sharing without Merging pilot, "
        "choosing HR as the service they most need to share.",
        "tags": ["clustering", "training"],
        "cluster": "womens-projects-hr-cluster",
        "image": 26,
        "image_alt": "",
        "body": [
            *paragraph(
                "Sharing without Merging is a facilitated, short intervention that helps a "
                "group of organisations scope their shared issues, investigate resources and "
                "agree achievable next steps.",
            ),
            quote(
                "Facilitation is what made the difference: someone to plan the meetings and "
                "do the follow-up legwork.",
                "A cluster member",
            ),
        ],
    },
    {
        "slug": "mini-cluster-learns-about-housing-issues",
        "title": "Mini-cluster learns about the housing issues refugees face",
        "days_ago": 390,
        "author": "Nadia Karim",
        "summary": "Volunteers from a housing advice project led a question and answer "
        "session on the housing problems refugees and people seeking asylum meet.",
        "tags": ["clustering", "training"],
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
        "body": paragraph(
            "Members left with a shared list of where to refer people for housing advice.",
        ),
    },
    {
        "slug": "inner-city-micro-cluster-meets-commissioners",
        "title": "Inner-city micro-cluster meets health commissioners",
        "days_ago": 420,
        "author": "Janet Booth",
        "summary": "Food, advice and digital inclusion projects spoke together to health "
        "commissioners about the link between poverty and health.",
        "tags": ["clustering", "funding"],
        "cluster": "inner-city-micro-cluster",
        "forum": "advice-and-welfare",
        "body": paragraph(
            "Speaking together, the members were heard in a way none of them had been alone.",
        ),
    },
]


def load_news(index, forums, clusters, survey):
    today = timezone.localdate()
    for item in NEWS:
        image = None
        if "image" in item:
            image = demo_image(item["title"], seed=item["image"])
        add_child(
            index,
            NewsPage,
            item["slug"],
            title=item["title"],
            date=today - datetime.timedelta(days=item["days_ago"]),
            author=item["author"],
            summary=item["summary"],
            image=image,
            image_alt_text=item.get("image_alt", ""),
            forum=forums.get(item.get("forum")),
            cluster=clusters.get(item.get("cluster")),
            body=with_links(item["body"], survey=survey.pk),
            tagged_items=tags(*item["tags"]),
        )


# --------------------------------------------------------------------------------------------
# Case studies
# --------------------------------------------------------------------------------------------

CASE_STUDIES = [
    {
        "slug": "not-alone-refugee-mini-cluster",
        "title": "Finding out we were not alone: the refugee and asylum seekers mini-cluster",
        "summary": "How organisations from four funds learnt from each other, and responded "
        "together when a crisis came.",
        "organisations": [
            "New Horizons Welcome Project",
            "Safe Harbour Housing Advice",
            "Open Door Language Café",
            "Welcome Table Volunteers",
        ],
        "quote": "The mini-cluster is more valuable than ever for sharing resources and "
        "plans, and for helping each other with volunteers. It is vital that volunteers "
        "come too, not only the people running the projects, so that they can learn, have "
        "their say and grow in confidence.",
        "quote_attribution": "Amira Saleh, Volunteer Coordinator, Welcome Table Volunteers",
        "figures": [
            ("37", "organisations answered the evaluation survey"),
            ("4", "funds its members are funded from"),
            ("6", "meetings a year, online and face to face"),
        ],
        "outcomes": bullet_list(
            "Members shared their expertise in volunteer management",
            "Members responded together to a housing crisis",
            "Volunteers with lived experience shaped the agenda",
        ),
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
        "image": 31,
    },
    {
        "slug": "one-hr-adviser-five-projects",
        "title": "One HR adviser, five women's projects",
        "summary": "A Sharing without Merging pilot helped five small projects get HR "
        "support that none could afford alone.",
        "organisations": [
            "Kite Hill Women's Centre",
            "Bridgeside Safer Futures",
            "Northgate Asian Women's Circle",
            "Sandstone Family Hub",
        ],
        "quote": "We were each spending evenings rewriting the same policies. Now we have "
        "one set, and someone to ask.",
        "quote_attribution": "Helen Brooks, Manager, Kite Hill Women's Centre",
        "figures": [
            ("5", "projects share one HR adviser"),
            ("12", "HR policies written once and shared"),
            ("1 day", "of HR support a week for each project"),
        ],
        "outcomes": bullet_list(
            "HR chosen as the shared priority",
            "Concrete plans and a joint bid",
            "ICT support scoped as the next step",
        ),
        "cluster": "womens-projects-hr-cluster",
    },
    {
        "slug": "buying-it-support-together",
        "title": "Buying IT support together",
        "summary": "Three community groups in the South Asian community micro-cluster share "
        "an IT support contract and training.",
        "organisations": [
            "Northgate Asian Women's Circle",
            "Eastfield South Asian Elders Group",
            "Parkside Community Languages School",
        ],
        "quote": "Our volunteers now know who to call when the laptop stops working, and "
        "it costs us less than before.",
        "quote_attribution": "Harjit Gill, Treasurer, Parkside Community Languages School",
        "figures": [
            ("3", "groups share one IT support contract"),
            ("40", "volunteers trained together"),
        ],
        "outcomes": bullet_list(
            "Regular back-ups and updates for every member",
            "Shared training for volunteers and committee members",
        ),
        "cluster": "south-asian-community-micro-cluster",
        "image": 33,
    },
    {
        "slug": "sharing-minibuses-and-halls",
        "title": "Sharing minibuses and halls in the villages",
        "summary": "Members of the Rural Communities Forum share transport, buildings and "
        "volunteers between villages.",
        "organisations": [
            "Hillside Village Halls Association",
            "Three Valleys Community Transport",
            "Fernlea Good Neighbours",
        ],
        "quote": "A minibus that stood still three days a week now takes the youth club out "
        "on Fridays.",
        "quote_attribution": "Peter Marsh, Transport Manager, Three Valleys Community Transport",
        "figures": [
            ("6", "village halls ordered heating oil together"),
            ("1", "shared booking calendar for halls and the minibus"),
        ],
        "outcomes": bullet_list(
            "Halls and the minibus used more of the week",
            "Lower heating costs for village halls",
        ),
        "forum": "rural-communities",
    },
]


def load_case_studies(index, organisations, forums, clusters):
    for study in CASE_STUDIES:
        image = None
        if "image" in study:
            image = demo_image(study["title"], seed=study["image"])
        add_child(
            index,
            CaseStudyPage,
            study["slug"],
            title=study["title"],
            summary=study["summary"],
            image=image,
            image_alt_text="",
            quote=study["quote"],
            quote_attribution=study["quote_attribution"],
            outcomes=study["outcomes"],
            forum=forums.get(study.get("forum")),
            cluster=clusters.get(study.get("cluster")),
            organisation_links=members(
                CaseStudyOrganisation, organisations, study["organisations"]
            ),
            figures=ordered(
                [CaseStudyFigure(figure=f, description=d) for f, d in study["figures"]]
            ),
            body=paragraph(study["summary"]),
        )


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------

HUB = "Shoal Community Hub\n1 Harbour Street\nMarket Town\nAB1 2CD"
VILLAGE_HALL = "Fernlea Village Hall\nChurch Lane\nFernlea\nAB7 3EF"
CENTRE = "Quarry Hill Neighbourhood Centre\n14 Quarry Hill Road\nMarket Town\nAB2 4GH"

EVENTS = [
    # past
    {
        "slug": "podcast-what-is-a-cluster",
        "title": "Podcast: what is a cluster?",
        "kind": EventKind.PODCAST,
        "day": -80,
        "time": (12, 0),
        "minutes": 45,
        "format": MeetingFormat.ONLINE,
        "recording": "https://video.example/recordings/1",
        "summary": "Two cluster members talk about sharing without merging, and what they "
        "would tell a group thinking of starting one.",
    },
    {
        "slug": "mini-cluster-volunteers-mental-health",
        "title": "Mini-cluster: volunteers' mental health",
        "kind": EventKind.MEETING,
        "day": -48,
        "time": (10, 0),
        "minutes": 120,
        "format": MeetingFormat.HYBRID,
        "venue": HUB,
        "join_link": "https://meet.example/shoal-101",
        "summary": "Volunteers from the refugee and asylum seekers community share their "
        "experience, with a presentation on mental health research.",
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
    },
    {
        "slug": "webinar-funding-for-small-groups",
        "title": "Webinar: finding funding for micro and small groups",
        "kind": EventKind.WEBINAR,
        "day": -35,
        "time": (13, 0),
        "minutes": 60,
        "format": MeetingFormat.ONLINE,
        "join_link": "https://meet.example/shoal-102",
        "recording": "https://video.example/recordings/2",
        "summary": "Where to look for grants, how to write a short application and how to "
        "bid with partners.",
    },
    {
        "slug": "training-volunteer-management",
        "title": "Training: volunteer management for small groups",
        "kind": EventKind.TRAINING,
        "day": -100,
        "time": (9, 30),
        "minutes": 210,
        "format": MeetingFormat.FACE_TO_FACE,
        "venue": CENTRE,
        "summary": "Recruiting, inducing and keeping volunteers when you have no volunteer "
        "manager.",
        "forum": "older-people",
    },
    # upcoming
    {
        "slug": "mini-cluster-bi-monthly-meeting",
        "title": "Refugee and asylum seekers mini-cluster: bi-monthly meeting",
        "kind": EventKind.MEETING,
        "day": 12,
        "time": (10, 0),
        "minutes": 120,
        "format": MeetingFormat.HYBRID,
        "venue": HUB,
        "join_link": "https://meet.example/shoal-123",
        "summary": "Our bi-monthly meeting, online and face to face. This time: a question "
        "and answer session with the county's housing team.",
        "cluster": "refugee-and-asylum-seekers-mini-cluster",
        "forum": "refugees-and-asylum-seekers",
    },
    {
        "slug": "webinar-future-of-infrastructure-support",
        "title": "Webinar: the future of infrastructure support",
        "kind": EventKind.WEBINAR,
        "day": 9,
        "time": (12, 30),
        "minutes": 60,
        "format": MeetingFormat.ONLINE,
        "join_link": "https://meet.example/shoal-124",
        "summary": "What the new infrastructure support contract means for micro and small "
        "organisations, and how to tell us what you need.",
    },
    {
        "slug": "hr-cluster-shared-adviser-role",
        "title": "HR resource cluster: agreeing the shared adviser's role",
        "kind": EventKind.MEETING,
        "day": 19,
        "time": (14, 0),
        "minutes": 60,
        "format": MeetingFormat.ONLINE,
        "join_link": "https://meet.example/shoal-125",
        "summary": "Members agree how the shared HR adviser's time will be divided.",
        "cluster": "womens-projects-hr-cluster",
    },
    {
        "slug": "training-writing-a-joint-bid",
        "title": "Training: writing a joint bid",
        "kind": EventKind.TRAINING,
        "day": 26,
        "time": (10, 0),
        "minutes": 300,
        "format": MeetingFormat.FACE_TO_FACE,
        "venue": HUB,
        "summary": "Forming a consortium, choosing a lead partner, and writing a bid section "
        "by section with your partners.",
    },
    {
        "slug": "rural-communities-forum-meeting",
        "title": "Rural Communities Forum meeting",
        "kind": EventKind.MEETING,
        "day": 33,
        "time": (18, 30),
        "minutes": 120,
        "format": MeetingFormat.HYBRID,
        "venue": VILLAGE_HALL,
        "join_link": "https://meet.example/shoal-126",
        "summary": "Sharing halls, transport and heating oil: the forum's plans for winter.",
        "forum": "rural-communities",
        "cluster": "rural-micro-cluster",
    },
    {
        "slug": "podcast-small-groups-buying-together",
        "title": "Podcast: small groups buying together",
        "kind": EventKind.PODCAST,
        "day": 40,
        "time": (12, 0),
        "minutes": 45,
        "format": MeetingFormat.ONLINE,
        "join_link": "https://meet.example/shoal-127",
        "summary": "Members of two micro-clusters on buying IT support and heating oil "
        "together. Listen live or catch up later.",
    },
]


def load_events(index, forums, clusters):
    for event in EVENTS:
        start = at(event["day"], *event["time"])
        end = start + datetime.timedelta(minutes=event["minutes"])
        add_child(
            index,
            EventPage,
            event["slug"],
            title=event["title"],
            kind=event["kind"],
            start=start,
            end=end,
            meeting_format=event["format"],
            venue=event.get("venue", ""),
            join_link=event.get("join_link", ""),
            recording_url=event.get("recording", ""),
            summary=event["summary"],
            forum=forums.get(event.get("forum")),
            cluster=clusters.get(event.get("cluster")),
            body=paragraph(event["summary"]),
        )


# --------------------------------------------------------------------------------------------
# Survey
# --------------------------------------------------------------------------------------------

SURVEY_QUESTIONS = [
    {
        "label": "Your organisation's name",
        "field_type": "singleline",
        "required": True,
        "help_text": "If you are answering for yourself, write 'individual'",
    },
    {
        "label": "Email address",
        "field_type": "email",
        "required": False,
        "help_text": "Only if you would like us to reply to you",
    },
    {
        "label": "How big is your organisation?",
        "field_type": "radio",
        "required": True,
        "choices": "Micro: income under £10,000 a year\n"
        "Small: £10,000 to £100,000 a year\n"
        "Medium: £100,000 to £1 million a year\n"
        "Larger: over £1 million a year",
    },
    {
        "label": "Which kinds of support does your organisation need most?",
        "field_type": "checkboxes",
        "required": False,
        "help_text": "Choose all that apply",
        "choices": "Funding and fundraising\n"
        "Representation and voice\n"
        "Recruiting and keeping volunteers\n"
        "Governance and trustees\n"
        "HR and employment\n"
        "IT and digital",
    },
    {
        "label": "How would you prefer to learn?",
        "field_type": "dropdown",
        "required": False,
        "choices": "Webinars I can watch when I have time\n"
        "Podcasts\n"
        "Face-to-face training\n"
        "A mix of these",
    },
    {
        "label": "What else should we know about the support you need?",
        "field_type": "multiline",
        "required": False,
    },
]


def load_survey(home, news_index):
    fields = ordered([SurveyFormField(**question) for question in SURVEY_QUESTIONS])
    return add_child(
        home,
        SurveyPage,
        "have-your-say",
        title="Have your say: the future of infrastructure support",
        summary="Take 10 minutes to tell us what support your organisation needs "
        "as infrastructure support changes.",
        show_in_menus=False,
        introduction="<p>The contract for infrastructure support in the county is changing, "
        "and there is likely to be less money than is needed. We want to focus on what "
        "matters most to micro and small organisations.</p>"
        "<p>Please take 10 minutes to answer these questions. You do not need to sign in.</p>",
        thank_you_text="<p>Thank you for taking the time to tell us what you need. We will "
        "publish what we learn in our "
        f'<a linktype="page" id="{news_index.pk}">news</a>.</p>',
        to_address="surveys@shoal.localhost",
        from_address="noreply@shoal.localhost",
        subject="New response: the future of infrastructure support",
        one_response_per_user=False,
        form_fields=fields,
    )


# --------------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------------


def load_community():
    """Editorial accounts, members, funds, forums, clusters, news, case studies, events
    and a survey; safe to run again."""
    load_accounts()
    organisations = load_organisations()
    funds = load_funds()
    home = Site.objects.get(is_default_site=True).root_page.specific
    indexes = load_indexes(home)
    forums = load_forums(indexes["forums"], organisations)
    clusters = load_clusters(indexes["clusters"], organisations, funds)
    survey = load_survey(home, indexes["news"])
    load_news(indexes["news"], forums, clusters, survey)
    load_case_studies(indexes["case-studies"], organisations, forums, clusters)
    load_events(indexes["events"], forums, clusters)
