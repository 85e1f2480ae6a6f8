"""Joint bids at /bids/: one URL namespace, one module per part of a bid.

- ``pages``: the bid page (its sections as a task list), creating and editing a bid, its history;
- ``sections``: the sections, writing them (with the merge), comments, history and restore;
- ``budget``: budget lines and totals;
- ``partners``: partners' statements and the due-diligence checklist;
- ``workflow``: moving the bid between states and partners' sign-offs;
- ``awards``: correcting a recorded award (a new record that supersedes it);
- ``exports``: the PDF and Word exports, as now or as at any past version;
- ``changes``: what changed between two versions of the bid;
- ``formatting``: previewing a section's formatting before saving it;
- ``comments``: replies to comments and reopening them;
- ``presence``: who else has a section open to write it;
- ``library``: the answer library at /library/ and its use while writing;
- ``review``: a partner requests changes or declines instead of signing off;
- ``section_review``: a section's writer hands it to its reviewer, who approves or returns it.
"""

from . import (
    awards,
    budget,
    changes,
    comments,
    exports,
    formatting,
    library,
    pages,
    partners,
    presence,
    review,
    section_review,
    sections,
    workflow,
)

app_name = "bids"

urlpatterns = (
    pages.urlpatterns
    + sections.urlpatterns
    + budget.urlpatterns
    + partners.urlpatterns
    + workflow.urlpatterns
    + awards.urlpatterns
    + exports.urlpatterns
    + changes.urlpatterns
    + presence.urlpatterns
    + comments.urlpatterns
    + formatting.urlpatterns
    + library.urlpatterns
    + review.urlpatterns
    + section_review.urlpatterns
)
