"""The access matrix: what each person gets from every URL of the project.

Read by tests/platform/test_access_matrix.py, which asks for every URL pattern the resolver
knows, with GET and with an empty POST, as each of eleven people (tests/platform/access_world.py):

    anon   not signed in                    part   admin of a partner in the consortium
    vol    an individual volunteer           lead   admin of the consortium's lead
    out    member of an unrelated org        comm   Communications group (Wagtail admin)
    mem    member of Fernlea                 mod    Moderators group (Wagtail admin)
    adm    admin of Fernlea                  brok   Brokerage officers group
                                            super  a superuser

Fernlea owns the listing, the vault document and the joint-buying scheme; the consortium
(lead and partner, not Fernlea) owns the bid. Outcomes:

    ok     2xx, or a redirect to a page that is not a sign-in page (a form sent back with
           its errors is ok, and so is "done, here is the next page")
    login  a redirect to a sign-in page (members' sign-in, or the Wagtail admin's)
    404    not found          403  refused          405  method not allowed
    400    a bad request          409  not now (the thing is in a state that forbids it)

The rule for refusals:
- Someone who may not see a thing (a bid, a consortium, an organisation's private pages, a
  reply, a match, someone else's watch) gets 404 from every URL under it, whatever the
  action, so a stranger cannot tell which names exist. Anonymous visitors are first sent to
  sign in (login), except on public things.
- 403 only where the person can see the thing but may not do the action: a partner trying
  a lead-only change to a bid they write for, a member (not an admin) of the organisation
  trying an admin's action, a member of the consortium who is not the coordinator asking for
  a scheme's delivery list.
- Staff-only pages in the Wagtail admin send anyone without admin access to sign in
  (login); staff without the permission are sent to the admin's dashboard with a message,
  written here as 403.

Grouped rather than listed (say so here when adding a group):
- Wagtail's own admin (every /admin/ pattern whose view is not the project's, except each
  Brokerage model's list page, which is listed): the test asks for each one that takes no
  arguments, with GET, as each person without admin access, and expects login (or, for the
  few in ADMIN_PAGES_FOR_EVERYONE, such as the admin's sign-in page, ok). What staff
  may do there is Wagtail's own permission system, set by the groups' permissions and tested
  in tests/staff.
- allauth's accounts pages, media, documents and Wagtail's page serving (the catch-all
  pattern, asked for at the home page) are listed row by row below like everything else.

When the test says a URL is missing, it prints the rows to paste into access_matrix.txt (the table
itself, beside this file): check each outcome against the rule above before pasting.
"""

from pathlib import Path

METHODS = ("GET", "POST")
OUTCOMES = ("ok", "login", "404", "403", "405", "400", "409")
COLUMNS = ("anon", "vol", "out", "mem", "adm", "part", "lead", "comm", "mod", "brok", "super")
ROLE_OF_COLUMN = dict(
    zip(
        COLUMNS,
        (
            "anonymous",
            "volunteer",
            "outsider",
            "member",
            "org_admin",
            "partner",
            "lead",
            "communications",
            "moderator",
            "broker",
            "superuser",
        ),
        strict=True,
    )
)

# How to fill a URL's arguments from the world: "<url name>.<argument>" first, then
# "<namespace>.<argument>", then "<argument>". A value is a dotted path into the world.
# Unnamed regex groups are numbered from 0.
ARGUMENTS = {
    "organisations.slug": "organisation.slug",
    "organisations.pk": "document.pk",
    "organisations:dispute_org_id.org_id": "organisation.org_id",
    "listings.pk": "listing.pk",
    "listings:remove_watch.pk": "watch.pk",
    "listings:answer.pk": "reply.pk",
    "listings:match.pk": "match.pk",
    "listings:download.pk": "attachment.pk",
    "listings:send_message.pk": "reply.pk",
    "listings:report_conversation.pk": "reply.pk",
    "listings:message_file.pk": "message.pk",
    "listings:photos.pk": "offer.pk",
    "listings:photo.pk": "photo.pk",
    "listings:photo_card.pk": "photo.pk",
    "listings:remove_photo.pk": "photo.pk",
    "listings:move_photo.pk": "photo.pk",
    "listings:remove_shift.pk": "shift.pk",
    "listings:sign_up.pk": "shift.pk",
    "listings:cancel_sign_up.pk": "shift_sign_up.pk",
    "listings:availability_edit.pk": "availability.pk",
    "listings:availability_withdraw.pk": "availability.pk",
    "listings:ask_volunteer.pk": "availability.pk",
    "listings:availability_ask.pk": "ask.pk",
    "listings:hours_log.pk": "match.pk",
    "buying.slug": "scheme.slug",
    "impact.org_id": "organisation.org_id",
    "opportunities.slug": "opportunity.slug",
    "consortia.slug": "consortium.slug",
    "consortia.pk": "consortium_member.pk",
    "consortia:invite_seeker.slug": "opportunity.slug",
    "bids.slug": "bid.slug",
    "bids.pk": "section.pk",
    "bids:resolve_comment.pk": "comment.pk",
    "bids:reply_to_comment.pk": "comment.pk",
    "bids:reopen_comment.pk": "comment.pk",
    "bids:insert_answer.answer_pk": "answer.pk",
    "library.pk": "answer.pk",
    "bids:budget_edit.pk": "budget_line.pk",
    "bids:budget_delete.pk": "budget_line.pk",
    "bids.history_id": "section_history.history_id",
    "bids.organisation_id": "partner_org.pk",
    "consortium_staff.app_label": "=consortium",
    "consortium_staff.model_name": "=organisation",
    "consortium_staff.pk": "organisation.pk",
    "consortium_staff.history_id": "organisation_history.history_id",
    "consortium_staff:approve_listing.pk": "listing.pk",
    "consortium_staff:reject_listing.pk": "listing.pk",
    "consortium_staff:resolve_report.pk": "report.pk",
    "consortium_staff:resolve_conversation_report.pk": "conversation_report.pk",
    "consortium_staff:decide_org_id_dispute.pk": "org_id_dispute.pk",
    "consortium_staff:approve_scheme.pk": "scheme.pk",
    "consortium_staff:reject_scheme.pk": "scheme.pk",
    "buying:remove_quote.pk": "scheme.pk",
    "wagtaildocs_serve.0": "wagtail_document.pk",
    "wagtaildocs_serve.1": "wagtail_document.filename",
    "restriction_id": "=999999",  # no such restriction: nothing to see
    "page_view_restriction_id": "=999999",
    "page_id": "home.pk",
    "key": "=no-such-key",
    "uidb36": "=0",
    "^media/(?P<path>.+)$.path": "document.file.name",
    "wagtail_serve.0": "=",  # the home page
    "organisation_data.slug": "organisation.slug",
    "consortium_erase_user.pk": "report.reporter.pk",  # the volunteer
    "mfa_edit_webauthn.pk": "=999999",  # nobody in the world has a passkey
    "mfa_remove_webauthn.pk": "=999999",
}


# The grouped rule's exceptions: Wagtail admin pages that answer people without admin access
# (signing in, resetting a password, the icons and translations its sign-in page loads).
ADMIN_PAGES_FOR_EVERYONE = {
    "wagtailadmin_password_reset_done": "ok",
    "wagtailadmin_password_reset_complete": "ok",
    "wagtailadmin_sprite": "ok",
    "wagtailadmin_javascript_catalog": "ok",
}


def argument_value(route, argument, world):
    namespace = route.key.split(":")[0] if ":" in route.key else None
    for key in (f"{route.key}.{argument}", f"{namespace}.{argument}", argument):
        if key in ARGUMENTS:
            path = ARGUMENTS[key]
            if path.startswith("="):
                return path[1:]
            value = world
            for part in path.split("."):
                value = getattr(value, part)
            return value
    return None


def format_row(key, method, cells):
    """One row of TABLE, lined up with the header."""
    return (
        f"{key:<52} {method:<5}"
        + "".join(f"{cells[ROLE_OF_COLUMN[c]]:<6}" for c in COLUMNS).rstrip()
    )


TABLE = (Path(__file__).parent / "access_matrix.txt").read_text()


def _parse(text):
    expected = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, method, *cells = line.split()
        if len(cells) != len(COLUMNS):
            raise ValueError(f"access matrix row for {key} {method} needs {len(COLUMNS)} cells")
        row = {ROLE_OF_COLUMN[column]: cell for column, cell in zip(COLUMNS, cells, strict=True)}
        expected.setdefault(key, {})[method] = row
    return expected


EXPECTED = _parse(TABLE)
