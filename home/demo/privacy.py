"""The demo's privacy notice: what Shoal really keeps, for how long, and every cookie it sets.

Keep it true. ``tests/public/test_privacy_notice.py`` signs in, walks the main pages and
checks that every cookie the site sets is named here; when a setting below changes (the
sign-in cool-off, the session's length, the daily clean-up jobs), change the words too.
"""

from datetime import timedelta

from django.conf import settings

# Every cookie the site can set, as the notice names it: (name, what it is for, how long).
COOKIES = [
    (
        "sessionid",
        "keeps you signed in, and remembers you between pages",
        "two weeks, or until you sign out",
    ),
    ("csrftoken", "protects the forms you send from being forged by another website", "one year"),
    (
        "messages",
        "carries a one-off message (such as “Your settings are saved”) to the next page",
        "until that page is shown",
    ),
]


def _minutes(delta):
    return int(delta / timedelta(minutes=1)) if isinstance(delta, timedelta) else int(delta or 0)


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


def privacy_notice_body():
    """The StreamField body of the privacy notice page."""
    cool_off = _minutes(getattr(settings, "AXES_COOLOFF_TIME", timedelta(minutes=15)))
    attempts = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    account_attempts = getattr(settings, "SIGN_IN_ACCOUNT_ATTEMPTS", 20)
    session_days = settings.SESSION_COOKIE_AGE // 86400
    cookie_rows = "".join(
        f"<li><b>{name}</b>: {purpose}. Kept {lifetime}.</li>"
        for name, purpose, lifetime in COOKIES
    )
    return [
        _paragraph(
            "<p>We keep the details of member organisations and their contacts to run the "
            "Assembly's forums, clusters, shared resources, joint buying and joint bids. We never "
            "sell them. You can see, download, correct or delete what we hold about you.</p>"
        ),
        _heading("Your account"),
        _paragraph(
            "<p>Your username, name, email addresses, password (stored only as a one-way hash), "
            "your profile and your organisations are kept until you delete your account. Signed "
            "in, go to Your account, then <b>Download your data</b> to see everything we hold "
            "about you, or <b>Delete your account</b> to erase it. Staff can do the same for "
            "you if you ask us.</p>"
            "<p>When an account is deleted its name, email addresses, password, profile, "
            "memberships, watches, survey answers and sign-in records go at once. What the person "
            "did for an organisation (listings, replies, pledges, bid sections, comments and "
            "sign-offs) stays, because it is the organisation's record too, and shows "
            "“Deleted user” instead of their name.</p>"
        ),
        _heading("The history of changes"),
        _paragraph(
            "<p>Organisation profiles, memberships, listings, replies, pledges, consortia and "
            "joint bids keep a history of every change (who, when, what), so that nothing "
            "signed or submitted can be changed without trace. The history is kept as long as "
            "the record it belongs to. After an account is deleted, its changes say “Deleted "
            "user”.</p>"
        ),
        _heading("Signing in"),
        _paragraph(
            f"<p>When a sign-in fails we record the username tried, the internet address it came "
            f"from, the browser and the time. After {attempts} failed attempts that username is "
            f"locked from that address for {cool_off} minutes (the cool-off); after "
            f"{account_attempts} from any addresses, it is locked everywhere for the cool-off. "
            "The record is cleared by the next successful sign-in, and deleted with the account. "
            "We do not keep a log of successful sign-ins.</p>"
            "<p>To limit password-reset emails and two-factor codes we count each request under "
            "a one-way scrambled (hashed) form of the internet address, email address or account "
            "it came from; the counts are deleted by a daily job once they are an hour old.</p>"
            f"<p>Your session (which keeps you signed in) lasts {session_days} days, or until you "
            "sign out; expired sessions are deleted by a daily job.</p>"
        ),
        _heading("Emails"),
        _paragraph(
            "<p>Emails we send you wait in a queue in our database until they are sent. A sent "
            "email's entry in the queue is deleted after 14 days by a daily job, and at once if "
            "you delete your account.</p>"
        ),
        _heading("Documents and surveys"),
        _paragraph(
            "<p>Documents an organisation uploads to its due-diligence vault are kept until its "
            "admins delete or replace them; only the organisation's members and our staff can "
            "read them. Survey answers are kept until our staff delete them; answers you sent "
            "while signed in are deleted with your account.</p>"
        ),
        _heading("Backups"),
        _paragraph(
            "<p>The database and uploaded files are backed up every night, and each backup is "
            "kept for 35 days and then deleted. Something deleted from Shoal stays in the "
            "backups until they expire, and is not restored from them except to recover the "
            "whole site.</p>"
        ),
        _heading("Cookies"),
        _paragraph(
            "<p>Shoal sets only the cookies it needs to work, none for advertising or tracking, "
            f"and so asks no consent for them:</p><ul>{cookie_rows}</ul>"
        ),
        _heading("Storage in your browser"),
        _paragraph(
            "<p>While you write a section of a joint bid, your browser keeps what you type in "
            "its own storage (<b>shoal.draft</b> followed by the bid, the section and its "
            "version), so that nothing is lost if the page closes before you save. It never "
            "leaves your device, and is deleted when you save the section or choose "
            "<b>Discard</b>. While the section's page is open, the other people writing the "
            "bid see your name and organisation as editing it; we forget that after a day.</p>"
        ),
    ]
