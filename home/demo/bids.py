"""Demo consortium and joint bids: one in draft, one awaiting sign-off, one awarded.

Everything is made through the same services the members' pages use (merge-safe saves, the
workflow engine, sign-offs), so the bids carry real history: versions, voided sign-offs,
state changes. Idempotent: once the demo consortium exists, nothing is added again.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from consortium.bids import moves
from consortium.bids import versions as bids
from consortium.models import (
    BidSection,
    BidState,
    BidTemplate,
    BudgetCategory,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    Membership,
    MembershipStatus,
    Organisation,
    PartnerStatement,
    Person,
    Role,
    SectionComment,
    SectionStatus,
)

from .site import ensure_user

CONSORTIUM = "Riverside Wellbeing Partnership"
LEAD_ORGANISATION = "Wharf Street Community Kitchen"
PARTNER_ORGANISATION = "Kingfisher Repair Café"
OTHER_PARTNERS = [
    "Riverside Befrienders",
    "Long Meadow Memory Café",
    "Three Valleys Community Transport",
]
SUBCONTRACTOR = "Oakfield Men's Shed"

DEMO_ACCOUNTS = [
    ("lead", f"Contact of {LEAD_ORGANISATION}, lead of the {CONSORTIUM} consortium"),
    ("partner", f"Contact of {PARTNER_ORGANISATION}, a partner in the consortium"),
]
# The other partners' contacts, so every sign-off is given by someone of that organisation.
OTHER_CONTACTS = [
    ("ruth", "Ruth", "Rowe", "Riverside Befrienders"),
    ("lily", "Lily", "Long", "Long Meadow Memory Café"),
    ("gareth", "Gareth", "Griffiths", "Three Valleys Community Transport"),
]

PARAGRAPHS = {
    "Summary": [
        "Six local organisations will run a joined-up wellbeing offer for people living alone "
        "in Riverside and the villages around it: befriending, shared meals, transport to "
        "groups and practical help at home.",
        "Over three years we will reach 600 people, most of them over 70, and recruit 120 new "
        "volunteers.",
    ],
    "Need and evidence": [
        "The county's 2025 needs assessment found that one in four people over 75 in Riverside "
        "ward speaks to someone less than once a week.",
        "Our waiting lists tell the same story: 84 people are waiting for a befriender and the "
        "community kitchen serves 40 older visitors a week who live alone.",
    ],
    "Delivery plan": [
        "Wharf Street Community Kitchen leads and runs two shared lunches a week.",
        "Riverside Befrienders matches volunteers with people referred by GPs and the kitchen.",
        "Three Valleys Community Transport takes people to groups and appointments.",
    ],
}


def _ensure_contact(username, first, last, organisation):
    user = ensure_user(username, first_name=first, last_name=last)
    Person.objects.get_or_create(user=user, defaults={"acting_for": organisation})
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": Role.ADMIN, "status": MembershipStatus.APPROVED},
    )
    return user


def _text(title):
    return "\n\n".join(
        PARAGRAPHS.get(
            title,
            [
                f"{title}: the partners agreed this section at their meeting of 3 November.",
                "Each partner reports quarterly to the lead, who reports to the funder.",
            ],
        )
    )


def _write_section(section, user, body, status=SectionStatus.DRAFTING):
    bids.save_with_merge(
        BidSection, section.pk, section.version, {"body": body, "status": status}, user
    )
    bids.content_changed(section.bid, user, f"The section “{section.title}”")


def _new_bid(consortium, lead_user, title, template, organisations, deadline_days, **fields):
    bid = JointBid(
        consortium=consortium,
        title=title,
        funder=fields.pop("funder", "Riverside Community Foundation"),
        programme=fields.pop("programme", "Stronger Together"),
        deadline=timezone.now() + datetime.timedelta(days=deadline_days),
        area=fields.pop("area", "central"),
        created_by=lead_user,
        **fields,
    )
    bid._history_user = lead_user
    bid.save()
    for order, item in enumerate(template.sections.all()):
        BidSection.objects.create(
            bid=bid,
            title=item.title,
            guidance=item.guidance,
            word_limit=item.word_limit,
            sort_order=order,
            assigned_to=organisations[order % len(organisations)],
        )
    for organisation in organisations:
        PartnerStatement.objects.create(
            bid=bid,
            organisation=organisation,
            role_in_bid=f"{organisation.name} delivers its part of the plan in its own area.",
            delivery_areas=organisation.get_area_display(),
            capacity="Two part-time staff and around 20 regular volunteers.",
        )
    for year in (1, 2):
        for organisation, category, description, amount in [
            (organisations[0], BudgetCategory.STAFF, "Project coordinator (0.6 FTE)", "18500"),
            (
                organisations[0],
                BudgetCategory.MANAGEMENT_FEE,
                "Lead partner's management fee",
                "2400",
            ),
            (organisations[1], BudgetCategory.EQUIPMENT, "Tools and repair kits", "1200"),
            (organisations[2], BudgetCategory.VOLUNTEER_EXPENSES, "Volunteers' travel", "3000"),
            (organisations[3], BudgetCategory.OTHER, "Minibus running costs", "4200"),
        ]:
            BudgetLine.objects.create(
                bid=bid,
                organisation=organisation,
                category=category,
                description=description,
                year=year,
                amount=Decimal(amount),
                match_funding=Decimal("500") if category == BudgetCategory.STAFF else 0,
                is_private=category == BudgetCategory.STAFF,
                updated_by=lead_user,
            )
    return bid


def load_bids():
    if Consortium.objects.filter(name=CONSORTIUM).exists():
        return
    by_name = {o.name: o for o in Organisation.objects.all()}
    lead_org = by_name[LEAD_ORGANISATION]
    partner_org = by_name[PARTNER_ORGANISATION]
    others = [by_name[name] for name in OTHER_PARTNERS]
    subcontractor = by_name[SUBCONTRACTOR]
    today = timezone.localdate()
    lead = _ensure_contact("lead", "Leah", "Lewis", lead_org)
    partner = _ensure_contact("partner", "Paul", "Parry", partner_org)

    consortium = Consortium(
        name=CONSORTIUM,
        description="Six local organisations bidding together for wellbeing work in Riverside.",
        created_by=lead,
    )
    consortium._history_user = lead
    consortium.save()
    members = {}
    for organisation, role in [
        (lead_org, ConsortiumRole.LEAD),
        (partner_org, ConsortiumRole.PARTNER),
        *[(o, ConsortiumRole.PARTNER) for o in others],
        (subcontractor, ConsortiumRole.SUBCONTRACTOR),
    ]:
        member = ConsortiumMember.objects.create(
            consortium=consortium,
            organisation=organisation,
            role=role,
            status=InvitationStatus.ACCEPTED,
            invited_by=lead,
            responded_at=timezone.now(),
        )
        members[organisation.pk] = member
    members[lead_org.pk].contacts.add(lead)
    members[partner_org.pk].contacts.add(partner)

    template = BidTemplate.objects.get(name="Grant application (ten sections)")
    partners = [lead_org, partner_org, *others]
    signers = {lead_org.pk: lead, partner_org.pk: partner}
    for username, first, last, name in OTHER_CONTACTS:
        user = _ensure_contact(username, first, last, by_name[name])
        members[by_name[name].pk].contacts.add(user)
        signers[by_name[name].pk] = user

    # 1. Draft: some sections written, a comment waiting.
    draft = _new_bid(
        consortium,
        lead,
        "Riverside: nobody alone",
        template,
        partners,
        21,
        amount_requested=Decimal("148000"),
        duration_months=36,
        summary="A joined-up wellbeing offer for people living alone in Riverside.",
    )
    sections = list(draft.sections.all())
    _write_section(sections[0], lead, _text(sections[0].title))
    _write_section(sections[1], partner, _text(sections[1].title))
    SectionComment.objects.create(
        section=sections[1],
        author=lead,
        organisation=lead_org,
        body="Could we add the figure from the GP surgeries' referrals?",
    )

    # 2. Awaiting sign-off: every section ready; the lead has signed, the partner not yet.
    waiting = _new_bid(
        consortium,
        lead,
        "Warm spaces, warm welcome",
        template,
        partners,
        9,
        amount_requested=Decimal("60000"),
        duration_months=12,
        funder="County Council",
        programme="Warm Spaces Fund",
        summary="Warm, welcoming spaces in six community buildings this winter.",
    )
    for section in waiting.sections.all():
        author = signers.get(section.assigned_to_id, lead)
        _write_section(section, author, _text(section.title), SectionStatus.APPROVED)
    moves.move(waiting, BidState.INTERNAL_REVIEW, lead)
    moves.move(waiting, BidState.AWAITING_SIGN_OFF, lead)
    bids.sign_off(waiting, lead_org, lead)

    # 3. Awarded: every partner signed the submitted version.
    awarded = _new_bid(
        consortium,
        lead,
        "Repair and share: a tool library",
        template,
        partners,
        -60,
        amount_requested=Decimal("24000"),
        duration_months=24,
        funder="Riverside Community Foundation",
        programme="Small Grants",
        start_date=today - datetime.timedelta(days=30),
        summary="A tool library and monthly repair cafés in three villages.",
    )
    for section in awarded.sections.all():
        _write_section(section, lead, _text(section.title), SectionStatus.APPROVED)
    moves.move(awarded, BidState.INTERNAL_REVIEW, lead)
    moves.move(awarded, BidState.AWAITING_SIGN_OFF, lead)
    for organisation in partners:
        bids.sign_off(awarded, organisation, signers[organisation.pk])
    moves.move(awarded, BidState.SUBMITTED, lead)
    awarded.amount_awarded = Decimal("22500")
    awarded.award_date = today - datetime.timedelta(days=20)
    awarded._history_user = lead
    awarded._change_reason = "Award recorded"
    awarded.save()
    moves.move(awarded, BidState.AWARDED, lead)
