"""Consortia of member organisations and the joint bids they write together.

Every change to a bid, its sections, budget lines, partners' statements, the consortium's
members and the sign-offs is kept by django-simple-history. Rows people edit at the same
time carry a ``version`` that each save checks and raises (``SharedPart``; see
``consortium.bids.versions``).
"""

from consortium.bids.models.awards import (
    AwardKind,
    AwardRecord,
    AwardRecordIsFixed,
)
from consortium.bids.models.bids import (
    MAX_AMOUNT,
    BidState,
    BidTemplate,
    BidTemplateSection,
    JointBid,
    default_required_documents,
)
from consortium.bids.models.consortia import (
    INVITATION_DAYS,
    Consortium,
    ConsortiumMember,
    ConsortiumMemberQuerySet,
    ConsortiumRole,
    InvitationStatus,
    invitation_expiry,
    unique_slug,
)
from consortium.bids.models.drafts import DraftDocument, DraftStage
from consortium.bids.models.parts import (
    MAX_SECTION_LENGTH,
    BidSection,
    BudgetCategory,
    BudgetLine,
    PartnerStatement,
    SectionComment,
    SectionStatus,
    SharedPart,
    SignOff,
)
from consortium.bids.models.presence import SectionPresence
from consortium.bids.models.review import (
    MAX_REASON_LENGTH,
    ResponseKind,
    SignOffResponse,
)
from consortium.bids.models.submitted import DocumentFormat, SubmittedDocument

__all__ = [
    "AwardKind",
    "AwardRecord",
    "AwardRecordIsFixed",
    "BidSection",
    "BidState",
    "BidTemplate",
    "BidTemplateSection",
    "BudgetCategory",
    "BudgetLine",
    "Consortium",
    "DocumentFormat",
    "ConsortiumMember",
    "ConsortiumMemberQuerySet",
    "ConsortiumRole",
    "INVITATION_DAYS",
    "InvitationStatus",
    "JointBid",
    "MAX_AMOUNT",
    "MAX_SECTION_LENGTH",
    "PartnerStatement",
    "SectionComment",
    "SectionPresence",
    "SectionStatus",
    "SharedPart",
    "SignOff",
    "SignOffResponse",
    "ResponseKind",
    "MAX_REASON_LENGTH",
    "SubmittedDocument",
    "DraftDocument",
    "DraftStage",
    "default_required_documents",
    "invitation_expiry",
    "unique_slug",
]
