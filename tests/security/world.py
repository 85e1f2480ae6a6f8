"""The world the hostile-input tests type into: the bid world of tests/bids/world.py (a
consortium, its draft bid and its people), a volunteer, a joint-buying scheme open for
pledges, a funding opportunity, and a survey page with a text and a paragraph question.
"""

from dataclasses import dataclass

from consortium.models import AccountType, Person
from home.models import SurveyFormField
from tests.bids.world import BidWorld, make_bid_world
from tests.buying.data import make_scheme
from tests.factories import SurveyPageFactory, UserFactory, make_site
from tests.opportunities.helpers import make_opportunity


@dataclass
class HostileWorld:
    bids: BidWorld
    volunteer: object
    scheme: object
    opportunity: object
    survey: object

    def client(self, name):
        if name == "volunteer":
            from django.test import Client

            client = Client()
            client.force_login(self.volunteer, backend="django.contrib.auth.backends.ModelBackend")
            return client
        return self.bids.client(name)


def make_hostile_world():
    home = make_site()
    bids = make_bid_world()
    volunteer = UserFactory(username="hostile-volunteer")
    Person.objects.create(user=volunteer, account_type=AccountType.VOLUNTEER, areas=["north"])
    scheme = make_scheme(bids.partner_org)
    opportunity = make_opportunity()
    survey = SurveyPageFactory(parent=home, to_address="surveys@shoal.localhost")
    SurveyFormField.objects.create(
        page=survey, label="Your name", field_type="singleline", required=True
    )
    SurveyFormField.objects.create(
        page=survey, label="Your ideas", field_type="multiline", required=False
    )
    return HostileWorld(
        bids=bids, volunteer=volunteer, scheme=scheme, opportunity=opportunity, survey=survey
    )
