"""One world of people and things for the access matrix (tests/platform/test_access_matrix.py).

``make_access_world()`` builds, once per test module: an organisation ("Fernlea") with a
member and an admin, its vault document, its listing (with an attachment, a reply waiting for
an answer and an agreed match), a watch, a joint-buying scheme it coordinates with its pledge;
the consortium of tests/bids/world.py with its lead and partner, its bid with sections, a
comment, a private budget line, a statement and history; an opportunity; a report waiting
for staff; a member of an organisation that has nothing to do with any of it; an individual
volunteer; and one person in each staff group, plus a superuser.

``ROLES`` names the eleven people in the order the expected table lists them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document

from consortium.brokerage import rules as brokerage
from consortium.brokerage import shifts
from consortium.brokerage.availability import ask_volunteer
from consortium.brokerage.conversations import ConversationReport, Message
from consortium.brokerage.photos import ListingPhoto
from consortium.models import (
    AccountType,
    DocumentKind,
    LegalForm,
    ListingAttachment,
    ListingReport,
    OrganisationDocument,
    OrgIdDispute,
    PartnerStatement,
    Person,
    Reply,
    Role,
    SectionComment,
    Watch,
)
from consortium.permissions import BROKERAGE_GROUP
from tests.bids.library_helpers import make_answer
from tests.bids.world import add_line, make_bid_world, make_organisation
from tests.brokerage.availability_world import make_availability
from tests.brokerage.data import make_listing
from tests.brokerage.shift_helpers import make_role_on, make_shift
from tests.buying.data import make_scheme
from tests.factories import UserFactory, make_site, png_bytes
from tests.opportunities.helpers import make_opportunity
from tests.personas import make_member

# The eleven people, as the table's columns name them.
ROLES = {
    "anonymous": "anon",
    "volunteer": "vol",
    "outsider": "out",
    "member": "mem",
    "org_admin": "adm",
    "partner": "part",
    "lead": "lead",
    "communications": "comm",
    "moderator": "mod",
    "broker": "brok",
    "superuser": "super",
}
STAFF_ROLES = ("communications", "moderator", "broker", "superuser")

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@dataclass
class AccessWorld:
    people: dict
    things: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["things"][name]
        except KeyError:
            raise AttributeError(name) from None

    def put_files_back(self):
        """A rolled-back request takes back its rows but not the files it deleted (an
        organisation admin deleting the vault document): write them again."""
        for thing in (self.document, self.attachment, self.wagtail_document):
            if not thing.file.storage.exists(thing.file.name):
                thing.file.storage.save(thing.file.name, ContentFile(PDF))

    def sign_everyone_in(self):
        """One session per person, made once: each request then costs no sign-in."""
        self.sessions = {}
        for role, user in self.people.items():
            if user is not None:
                client = Client()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, role):
        """A test client signed in as the person (a fresh one: signing out in one request
        leaves the next signed in, as the request's changes are rolled back)."""
        client = Client()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _staff(username, group):
    user = UserFactory(username=username)
    Person.objects.create(user=user)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def make_access_world():
    home = make_site()
    bids = make_bid_world()
    fernlea = make_organisation(
        "Fernlea Good Neighbours",
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number="1123456",
        is_public=True,
    )
    volunteer = UserFactory(username="matrix-volunteer")
    Person.objects.create(user=volunteer, account_type=AccountType.VOLUNTEER, areas=["north"])
    superuser = UserFactory(username="matrix-superuser", is_staff=True, is_superuser=True)
    Person.objects.create(user=superuser)
    people = {
        "anonymous": None,
        "volunteer": volunteer,
        "outsider": make_member("matrix-outsider", bids.outsider_org),
        "member": make_member("matrix-member", fernlea),
        "org_admin": make_member("matrix-org-admin", fernlea, Role.ADMIN),
        "partner": bids.partner,
        "lead": bids.lead,
        "communications": _staff("matrix-communications", "Communications"),
        "moderator": _staff("matrix-moderator", "Moderators"),
        "broker": bids.staff,
        "superuser": superuser,
    }
    assert Group.objects.get(name=BROKERAGE_GROUP) in bids.staff.groups.all()

    document = OrganisationDocument(
        organisation=fernlea, kind=DocumentKind.SAFEGUARDING, title="Safeguarding policy"
    )
    document.file.save("safeguarding.pdf", ContentFile(PDF), save=False)
    document.save()

    listing = make_listing(fernlea)
    attachment = ListingAttachment(
        listing=listing, original_name="rota.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("rota.pdf", ContentFile(PDF), save=False)
    attachment.save()
    offer = make_listing(fernlea, kind="offer", title="Folding tables to lend")
    photo = ListingPhoto(listing=offer, width=4, height=4, card_width=4, card_height=4)
    photo.content_type, photo.alt_text = "image/png", "Folding tables"
    photo.image.save("photo.png", ContentFile(png_bytes()), save=False)
    photo.card.save("card.png", ContentFile(png_bytes()), save=False)
    photo.save()
    waiting = Reply.objects.create(
        listing=listing, user=bids.partner, organisation=bids.partner_org, message="We can help"
    )
    message = Message(reply=waiting, author=bids.partner, side="responder", text="Plan attached")
    message.original_name, message.content_type, message.size = "plan.pdf", "application/pdf", 9
    message.file.save("plan.pdf", ContentFile(PDF), save=False)
    message.save()
    conversation_report = ConversationReport.objects.create(
        reply=waiting, reporter=bids.partner, reason="Rude"
    )
    agreed = Reply.objects.create(listing=listing, user=volunteer, message="I can do Saturdays")
    match = brokerage.accept_reply(agreed, people["org_admin"])
    watch = Watch.objects.create(user=people["member"], category=listing.category)
    shift = make_shift(make_role_on(listing))
    shift_sign_up = shifts.sign_up(shift, volunteer)
    availability = make_availability(volunteer)
    ask = ask_volunteer(availability, fernlea, people["member"], "Lifts on Tuesday?")
    report = ListingReport.objects.create(
        listing=listing, reporter=volunteer, reason="Looks out of date"
    )

    scheme = make_scheme(fernlea)
    scheme.pledges.create(organisation=fernlea, quantity=Decimal("1000"))

    bid = bids.bid
    section = bids.sections[1]  # the delivery plan, the partner's
    section.body = "Who does what, where and when."
    section.save()
    comment = SectionComment.objects.create(
        section=section, author=bids.lead, organisation=bids.lead_org, body="Dates?"
    )
    line = add_line(bid, bids.partner_org, "1200", is_private=True)
    PartnerStatement.objects.create(bid=bid, organisation=bids.partner_org)
    partner_place = bids.consortium.members.get(organisation=bids.partner_org)
    answer = make_answer("Our safeguarding", owner=bids.partner, organisation=bids.partner_org)

    org_id_dispute = OrgIdDispute.objects.create(
        org_id=fernlea.org_id,
        holder=fernlea,
        claimant_name="Fernlea Good Neighbours (copy)",
        raised_by=bids.partner,
        reason="We say the number is ours",
    )

    wagtail_document = Document(title="Annual report")
    wagtail_document.file.save("annual-report.pdf", ContentFile(PDF), save=False)
    wagtail_document.save()

    fernlea.refresh_from_db()
    world = AccessWorld(
        people=people,
        things={
            "home": home,
            "organisation": fernlea,
            "document": document,
            "listing": listing,
            "attachment": attachment,
            "offer": offer,
            "photo": photo,
            "reply": waiting,
            "message": message,
            "conversation_report": conversation_report,
            "match": match,
            "watch": watch,
            "shift": shift,
            "shift_sign_up": shift_sign_up,
            "availability": availability,
            "ask": ask,
            "report": report,
            "scheme": scheme,
            "opportunity": make_opportunity(),
            "consortium": bids.consortium,
            "consortium_member": partner_place,
            "bid": bid,
            "section": section,
            "section_history": section.history.earliest(),
            "organisation_history": fernlea.history.earliest(),
            "comment": comment,
            "answer": answer,
            "budget_line": line,
            "partner_org": bids.partner_org,
            "wagtail_document": wagtail_document,
            "org_id_dispute": org_id_dispute,
        },
    )
    world.sign_everyone_in()
    return world
