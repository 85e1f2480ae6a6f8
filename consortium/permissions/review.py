"""Who may answer a request to sign off other than by signing (request changes, decline)."""

from consortium.bids.models import ConsortiumRole
from consortium.permissions.bids import can_sign_off, consortium_places


def partners_responding(user, bid):
    """The partner organisations (not the lead, which reopens the bid itself) for which
    ``user`` may request changes or decline, while the bid awaits sign-off."""
    places = consortium_places(user, bid.consortium)
    return [
        organisation_id
        for organisation_id, role in places.items()
        if role == ConsortiumRole.PARTNER and can_sign_off(user, bid, organisation_id)
    ]


def can_respond_to_sign_off(user, bid, organisation_id):
    return organisation_id in partners_responding(user, bid)
