"""What staff may restore from the history of funding opportunities: what an edit could
write (validated like an edit), except the Open Contracting id an imported tender came with."""

from consortium.history import differs, restore_check
from consortium.opportunities.models import Opportunity


@restore_check(Opportunity)
def opportunity(current, restored):
    if current.ocid and differs(current, restored, "ocid"):
        return f"the tender was imported as {current.ocid}; its Open Contracting id never changes."
    return ""
