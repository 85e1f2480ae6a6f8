"""Demo answer library: answers in the staff shared library, in the partner's own library
(Kingfisher Repair Café, private to its people) and in the Riverside Wellbeing Partnership's
library, some fresh and some stale (past their review-by date)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium.models import Answer, Consortium, Organisation
from home.demo.bids import CONSORTIUM, PARTNER_ORGANISATION

# (title, tags, library: "shared", "partner" or "consortium", days to review-by, text)
ANSWERS = [
    (
        "Keeping people safe",
        ["safeguarding", "volunteering"],
        "shared",
        240,
        "Every volunteer has a role description, references and, where the role needs it, an "
        "enhanced DBS check. Our safeguarding lead trains new volunteers before they start and "
        "everyone each year.\n\nConcerns go to the safeguarding lead the same day.",
    ),
    (
        "How we handle personal data",
        ["data-protection"],
        "shared",
        300,
        "We are registered with the ICO. We keep only what we need, in systems that need a "
        "second factor to sign in, and delete it when the work ends.",
    ),
    (
        "Equality and inclusion",
        ["equality"],
        "shared",
        -30,
        "Our equality policy is reviewed by the trustees each year. We monitor who uses our "
        "services and change how we reach people who are missing.",
    ),
    (
        "Social value we add",
        ["social-value", "outcomes"],
        "shared",
        150,
        "Local suppliers, local volunteers and money kept in Riverside: each pound of grant "
        "brings about three pounds of volunteer time.",
    ),
    (
        "Repair café history",
        ["organisation-history"],
        "partner",
        200,
        "Kingfisher Repair Café began in 2016 in a church hall. Forty volunteers now fix about "
        "1,200 items a year.",
    ),
    (
        "Our finances",
        ["finance", "governance"],
        "partner",
        -10,
        "Reserves of four months' running costs. Independently examined accounts, filed on time.",
    ),
    (
        "How the partnership works",
        ["partnership-working", "governance"],
        "consortium",
        180,
        "The lead holds the contract and pays partners quarterly against agreed outcomes. "
        "Partners meet monthly; disagreements go to the steering group.",
    ),
    (
        "Outcomes we measure",
        ["outcomes"],
        "consortium",
        -60,
        "We measure loneliness with the three-question UCLA scale at the start and after six "
        "months, and count the people who join a group of their own accord.",
    ),
]


def load_bids_library():
    if Answer.objects.exists():
        return
    today = timezone.localdate()
    staff = get_user_model().objects.filter(username="broker").first()
    partner = get_user_model().objects.filter(username="partner").first()
    places = {
        "shared": {},
        "partner": {"organisation": Organisation.objects.get(name=PARTNER_ORGANISATION)},
        "consortium": {"consortium": Consortium.objects.get(name=CONSORTIUM)},
    }
    for title, tags, library, days, body in ANSWERS:
        answer = Answer(
            title=title,
            body=body,
            owner=staff if library == "shared" else partner,
            review_by=today + datetime.timedelta(days=days),
            **places[library],
        )
        answer.tags = tags
        answer._history_user = answer.owner
        answer.save()
