"""What staff may restore from the history of joint-buying schemes, quotes and pledges.

A restore obeys ``consortium.buying.rules`` like any edit: pledges change only while their
scheme takes pledges and within its limits; a scheme that has been ordered, delivered or
cancelled, and the quotes it was ordered on, stay as they are.
"""

from django.core.exceptions import ValidationError

from consortium.buying.models import Pledge, Scheme, SchemeStatus, SupplierQuote
from consortium.buying.rules import PledgeRefused, check_open, validate_quantity
from consortium.history import differs, label, restore_check

SETTLED = (SchemeStatus.ORDERED, SchemeStatus.DELIVERED, SchemeStatus.CANCELLED)


def _settled(scheme):
    if scheme.status in SETTLED:
        return (
            f"the scheme is {label(scheme, 'status')}; what was ordered on it never changes "
            "afterwards."
        )
    return ""


@restore_check(Scheme)
def scheme(current, restored):
    if _settled(current):
        return _settled(current)
    if differs(current, restored, "coordinator"):
        return "a scheme stays with the organisation that coordinates it."
    if restored.closes_on < restored.opens_on:
        return "that version closes before it opens."
    return ""


@restore_check(SupplierQuote)
def supplier_quote(current, restored):
    if differs(current, restored, "scheme"):
        return "a quote stays with its scheme."
    return _settled(current.scheme)


@restore_check(Pledge)
def pledge(current, restored):
    if differs(current, restored, "scheme", "organisation"):
        return "a pledge stays with its scheme and organisation."
    try:
        check_open(current.scheme)
        if restored.withdrawn_at is None:
            validate_quantity(current.scheme, restored.quantity)
    except PledgeRefused as refusal:
        return str(refusal)
    except ValidationError as error:
        return "; ".join(error.messages) + "."
    return ""
