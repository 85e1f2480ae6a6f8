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

When the test says a URL is missing, it prints the rows to paste: check each outcome against
the rule above before pasting.
"""

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
    "listings.pk": "listing.pk",
    "listings:remove_watch.pk": "watch.pk",
    "listings:answer.pk": "reply.pk",
    "listings:match.pk": "match.pk",
    "listings:download.pk": "attachment.pk",
    "buying.slug": "scheme.slug",
    "impact.org_id": "organisation.org_id",
    "opportunities.slug": "opportunity.slug",
    "consortia.slug": "consortium.slug",
    "consortia.pk": "consortium_member.pk",
    "bids.slug": "bid.slug",
    "bids.pk": "section.pk",
    "bids:resolve_comment.pk": "comment.pk",
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
    "wagtaildocs_serve.0": "wagtail_document.pk",
    "wagtaildocs_serve.1": "wagtail_document.filename",
    "restriction_id": "=999999",  # no such restriction: nothing to see
    "page_view_restriction_id": "=999999",
    "page_id": "home.pk",
    "key": "=no-such-key",
    "uidb36": "=0",
    "^media/(?P<path>.+)$.path": "document.file.name",
    "wagtail_serve.0": "=",  # the home page
}


# The grouped rule's exceptions: Wagtail admin pages that answer people without admin access
# (signing in, resetting a password, the icons and translations its sign-in page loads).
ADMIN_PAGES_FOR_EVERYONE = {
    "wagtailadmin_login": "ok",
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


TABLE = """
# url name                                                anon  vol   out   mem   adm   part  lead  comm  mod   brok  super
healthz                                              GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
healthz                                              POST 405   405   405   405   405   405   405   405   405   405   405
readyz                                               GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
readyz                                               POST 405   405   405   405   405   405   405   405   405   405   405
robots_txt                                           GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
robots_txt                                           POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
sitemap                                              GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
sitemap                                              POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtailadmin_password_reset                          GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtailadmin_password_reset                          POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
consortium_organisation_modeladmin_index             GET  login login login login login login login 403   403   ok    ok
consortium_organisation_modeladmin_index             POST login login login login login login login 403   403   405   405
consortium_membership_modeladmin_index               GET  login login login login login login login 403   403   ok    ok
consortium_membership_modeladmin_index               POST login login login login login login login 403   403   405   405
consortium_person_modeladmin_index                   GET  login login login login login login login 403   403   ok    ok
consortium_person_modeladmin_index                   POST login login login login login login login 403   403   405   405
consortium_organisationdocument_modeladmin_index     GET  login login login login login login login 403   403   ok    ok
consortium_organisationdocument_modeladmin_index     POST login login login login login login login 403   403   405   405
consortium_listing_modeladmin_index                  GET  login login login login login login login 403   403   ok    ok
consortium_listing_modeladmin_index                  POST login login login login login login login 403   403   405   405
consortium_reply_modeladmin_index                    GET  login login login login login login login 403   403   ok    ok
consortium_reply_modeladmin_index                    POST login login login login login login login 403   403   405   405
consortium_match_modeladmin_index                    GET  login login login login login login login 403   403   ok    ok
consortium_match_modeladmin_index                    POST login login login login login login login 403   403   405   405
consortium_watch_modeladmin_index                    GET  login login login login login login login 403   403   ok    ok
consortium_watch_modeladmin_index                    POST login login login login login login login 403   403   405   405
consortium_listingreport_modeladmin_index            GET  login login login login login login login 403   403   ok    ok
consortium_listingreport_modeladmin_index            POST login login login login login login login 403   403   405   405
consortium_scheme_modeladmin_index                   GET  login login login login login login login 403   403   ok    ok
consortium_scheme_modeladmin_index                   POST login login login login login login login 403   403   405   405
consortium_pledge_modeladmin_index                   GET  login login login login login login login 403   403   ok    ok
consortium_pledge_modeladmin_index                   POST login login login login login login login 403   403   405   405
consortium_consortium_modeladmin_index               GET  login login login login login login login 403   403   ok    ok
consortium_consortium_modeladmin_index               POST login login login login login login login 403   403   405   405
consortium_jointbid_modeladmin_index                 GET  login login login login login login login 403   403   ok    ok
consortium_jointbid_modeladmin_index                 POST login login login login login login login 403   403   405   405
consortium_opportunity_modeladmin_index              GET  login login login login login login login 403   403   ok    ok
consortium_opportunity_modeladmin_index              POST login login login login login login login 403   403   405   405
consortium_partnersearch_modeladmin_index            GET  login login login login login login login 403   403   ok    ok
consortium_partnersearch_modeladmin_index            POST login login login login login login login 403   403   405   405
consortium_import_ocds                               GET  login login login login login login login 403   403   ok    ok
consortium_import_ocds                               POST login login login login login login login 403   403   ok    ok
consortium_staff:history                             GET  login login login login login login login 403   403   ok    ok
consortium_staff:history                             POST login login login login login login login 403   403   405   405
consortium_staff:restore                             GET  login login login login login login login 403   403   ok    ok
consortium_staff:restore                             POST login login login login login login login 403   403   ok    ok
consortium_staff:verify_organisation                 GET  login login login login login login login 405   405   405   405
consortium_staff:verify_organisation                 POST login login login login login login login 403   403   ok    ok
consortium_staff:moderation                          GET  login login login login login login login 403   403   ok    ok
consortium_staff:moderation                          POST login login login login login login login 405   405   405   405
consortium_staff:approve_listing                     GET  login login login login login login login 405   405   405   405
consortium_staff:approve_listing                     POST login login login login login login login 403   403   ok    ok
consortium_staff:reject_listing                      GET  login login login login login login login 405   405   405   405
consortium_staff:reject_listing                      POST login login login login login login login 403   403   ok    ok
consortium_staff:resolve_report                      GET  login login login login login login login 405   405   405   405
consortium_staff:resolve_report                      POST login login login login login login login 403   403   ok    ok
consortium_import_organisations                      GET  login login login login login login login 403   403   ok    ok
consortium_import_organisations                      POST login login login login login login login 403   403   ok    ok
wagtaildocs_serve                                    GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtaildocs_serve                                    POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtaildocs_authenticate_with_password               GET  404   404   404   404   404   404   404   404   404   404   404
wagtaildocs_authenticate_with_password               POST 404   404   404   404   404   404   404   404   404   404   404
account_reset_password                               GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reset_password                               POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_login                                        GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_login                                        POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_logout                                       GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_logout                                       POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_inactive                                     GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_inactive                                     POST 405   405   405   405   405   405   405   405   405   405   405
account_signup                                       GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_signup                                       POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reauthenticate                               GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reauthenticate                               POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_email                                        GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_email                                        POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_email_verification_sent                      GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_email_verification_sent                      POST 405   405   405   405   405   405   405   405   405   405   405
account_change_password                              GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_change_password                              POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_set_password                                 GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_set_password                                 POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_confirm_login_code                           GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_confirm_login_code                           POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_confirm_email                                GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_confirm_email                                POST 404   404   404   404   404   404   404   404   404   404   404
account_reset_password_from_key_done                 GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reset_password_from_key_done                 POST 405   405   405   405   405   405   405   405   405   405   405
account_reset_password_from_key                      GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reset_password_from_key                      POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reset_password_done                          GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
account_reset_password_done                          POST 405   405   405   405   405   405   405   405   405   405   405
login                                                GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
login                                                POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
logout                                               GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
logout                                               POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
password_reset                                       GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
password_reset                                       POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
password_change                                      GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
password_change                                      POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
search                                               GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
search                                               POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
search_autocomplete                                  GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
search_autocomplete                                  POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
members:dashboard                                    GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
members:dashboard                                    POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
members:acting_for                                   GET  login 405   405   405   405   405   405   405   405   405   405
members:acting_for                                   POST login 403   403   403   403   403   403   403   403   403   403
members:notifications                                GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
members:notifications                                POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
members:volunteer_profile                            GET  login ok    403   403   403   403   403   403   403   403   403
members:volunteer_profile                            POST login ok    403   403   403   403   403   403   403   403   403
organisations:directory                              GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:directory                              POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:register                               GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:register                               POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:profile                                GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:profile                                POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisations:edit                                   GET  login 403   403   403   ok    403   403   403   403   ok    ok
organisations:edit                                   POST login 403   403   403   ok    403   403   403   403   ok    ok
organisations:join                                   GET  login ok    ok    403   403   ok    ok    ok    ok    ok    ok
organisations:join                                   POST login ok    ok    403   403   ok    ok    ok    ok    ok    ok
organisations:members                                GET  login 403   403   403   ok    403   403   403   403   ok    ok
organisations:members                                POST login 403   403   403   ok    403   403   403   403   ok    ok
organisations:documents                              GET  login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:documents                              POST login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_add                           GET  login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_add                           POST login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_replace                       GET  login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_replace                       POST login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_delete                        GET  login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_delete                        POST login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_download                      GET  login 404   404   ok    ok    404   404   404   404   ok    ok
organisations:document_download                      POST login 404   404   ok    ok    404   404   404   404   ok    ok
listings:index                                       GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
listings:index                                       POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
listings:create                                      GET  login 403   ok    ok    ok    ok    ok    403   403   403   403
listings:create                                      POST login 403   ok    ok    ok    ok    ok    403   403   403   403
listings:watches                                     GET  login ok    ok    ok    ok    ok    ok    403   403   403   403
listings:watches                                     POST login ok    ok    ok    ok    ok    ok    403   403   403   403
listings:remove_watch                                GET  login 404   404   ok    404   404   404   403   403   403   403
listings:remove_watch                                POST login 404   404   ok    404   404   404   403   403   403   403
listings:detail                                      GET  404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
listings:detail                                      POST 404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
listings:edit                                        GET  404   403   403   ok    ok    403   403   404   404   ok    ok
listings:edit                                        POST 404   403   403   400   400   403   403   404   404   400   400
listings:close                                       GET  404   403   403   ok    ok    403   403   404   404   ok    ok
listings:close                                       POST 404   403   403   ok    ok    403   403   404   404   ok    ok
listings:reply                                       GET  404   403   403   403   403   403   403   404   404   403   403
listings:reply                                       POST 404   403   403   403   403   403   403   404   404   403   403
listings:report                                      GET  404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
listings:report                                      POST 404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
listings:answer                                      GET  login 404   404   ok    ok    403   404   404   404   ok    ok
listings:answer                                      POST login 404   404   ok    ok    403   404   404   404   ok    ok
listings:match                                       GET  login ok    404   ok    ok    404   404   404   404   ok    ok
listings:match                                       POST login ok    404   ok    ok    404   404   404   404   403   403
listings:download                                    GET  404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
listings:download                                    POST 404   ok    ok    ok    ok    ok    ok    404   404   ok    ok
buying:index                                         GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
buying:index                                         POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
buying:detail                                        GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
buying:detail                                        POST login 403   ok    ok    ok    ok    ok    403   403   403   403
buying:export_pledges                                GET  login 403   403   ok    ok    403   403   403   403   ok    ok
buying:export_pledges                                POST login 403   403   ok    ok    403   403   403   403   ok    ok
buying:export_delivery                               GET  login 403   403   ok    ok    403   403   403   403   ok    ok
buying:export_delivery                               POST login 403   403   ok    ok    403   403   403   403   ok    ok
impact:index                                         GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
impact:index                                         POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
impact:organisation_json                             GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
impact:organisation_json                             POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
impact:organisation_csv                              GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
impact:organisation_csv                              POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:index                                  GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:index                                  POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:rss                                    GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:rss                                    POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:ical                                   GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:ical                                   POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:detail                                 GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:detail                                 POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
opportunities:seek                                   GET  405   405   405   405   405   405   405   405   405   405   405
opportunities:seek                                   POST login 403   409   409   409   409   409   403   403   403   403
consortia:index                                      GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
consortia:index                                      POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
consortia:create                                     GET  login 403   403   403   ok    ok    ok    403   403   ok    ok
consortia:create                                     POST login 403   403   403   ok    ok    ok    403   403   ok    ok
consortia:detail                                     GET  login 404   404   404   404   ok    ok    404   404   ok    ok
consortia:detail                                     POST login 404   404   404   404   ok    ok    404   404   ok    ok
consortia:invite                                     GET  login 404   404   404   404   403   ok    404   404   ok    ok
consortia:invite                                     POST login 404   404   404   404   403   ok    404   404   ok    ok
consortia:hand_on                                    GET  login 404   404   404   404   403   ok    404   404   ok    ok
consortia:hand_on                                    POST login 404   404   404   404   403   ok    404   404   ok    ok
consortia:answer                                     GET  login 404   404   404   404   ok    403   404   404   403   403
consortia:answer                                     POST login 404   404   404   404   ok    403   404   404   403   403
consortia:member_role                                GET  login 404   404   404   404   403   ok    404   404   ok    ok
consortia:member_role                                POST login 404   404   404   404   403   ok    404   404   ok    ok
consortia:member_remove                              GET  login 404   404   404   404   403   ok    404   404   ok    ok
consortia:member_remove                              POST login 404   404   404   404   403   ok    404   404   ok    ok
consortia:contacts                                   GET  login 404   404   404   404   ok    ok    404   404   ok    ok
consortia:contacts                                   POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:index                                           GET  login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
bids:index                                           POST login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
bids:create                                          GET  login 403   403   403   403   403   ok    403   403   ok    ok
bids:create                                          POST login 403   403   403   403   403   ok    403   403   ok    ok
bids:detail                                          GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:detail                                          POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:edit                                            GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:edit                                            POST login 404   404   404   404   403   ok    404   404   ok    ok
bids:history                                         GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:history                                         POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:sections                                        GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:sections                                        POST login 404   404   404   404   403   404   404   404   404   404
bids:section                                         GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section                                         POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section_settings                                GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:section_settings                                POST login 404   404   404   404   403   ok    404   404   ok    ok
bids:comment                                         GET  login 405   405   405   405   405   405   405   405   405   405
bids:comment                                         POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section_history                                 GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section_history                                 POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section_restore                                 GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:section_restore                                 POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:resolve_comment                                 GET  login 405   405   405   405   405   405   405   405   405   405
bids:resolve_comment                                 POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget                                          GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget                                          POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_add                                      GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_add                                      POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_edit                                     GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_edit                                     POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_delete                                   GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:budget_delete                                   POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:partners                                        GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:partners                                        POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:statement_edit                                  GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:statement_edit                                  POST login 404   404   404   404   409   409   404   404   409   409
bids:required_documents                              GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:required_documents                              POST login 404   404   404   404   403   409   404   404   409   409
bids:move                                            GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:move                                            POST login 404   404   404   404   403   ok    404   404   ok    ok
bids:award                                           GET  login 404   404   404   404   403   ok    404   404   ok    ok
bids:award                                           POST login 404   404   404   404   403   ok    404   404   ok    ok
bids:sign_off                                        GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:sign_off                                        POST login 404   404   404   404   403   403   404   404   403   403
bids:sign_offs                                       GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:sign_offs                                       POST login 404   404   404   404   ok    ok    404   404   ok    ok
bids:export                                          GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:export                                          POST 405   405   405   405   405   405   405   405   405   405   405
bids:export_pdf                                      GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:export_pdf                                      POST 405   405   405   405   405   405   405   405   405   405   405
bids:export_docx                                     GET  login 404   404   404   404   ok    ok    404   404   ok    ok
bids:export_docx                                     POST 405   405   405   405   405   405   405   405   405   405   405
open_data:threesixty_json                            GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
open_data:threesixty_json                            POST 405   405   405   405   405   405   405   405   405   405   405
open_data:threesixty_csv                             GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
open_data:threesixty_csv                             POST 405   405   405   405   405   405   405   405   405   405   405
^media/(?P<path>.+)$                                 GET  404   404   404   404   404   404   404   404   404   404   404
^media/(?P<path>.+)$                                 POST 405   405   405   405   405   405   405   405   405   405   405
wagtailcore_authenticate_with_password               GET  404   404   404   404   404   404   404   404   404   404   404
wagtailcore_authenticate_with_password               POST 404   404   404   404   404   404   404   404   404   404   404
wagtailcore_login                                    GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtailcore_login                                    POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtail_serve                                        GET  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
wagtail_serve                                        POST ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
"""  # noqa: E501


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
