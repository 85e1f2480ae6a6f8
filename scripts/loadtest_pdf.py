"""What make loadtest's PDF downloaders read in the answers (scripts/locustfile.py).

A bid's download answers with the PDF, or, when the background worker has not made it within
a second or two, with the "being prepared" page. Without JavaScript that page refreshes to
the download after a few seconds (``<meta http-equiv="refresh">``); the simulated people do
the same until the PDF comes.
"""

import html
import re

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+); url=([^"]+)">')
PREPARING = "is being prepared"


def is_pdf(content):
    return content.startswith(b"%PDF")


def refresh(text):
    """``(seconds, url)`` the "being prepared" page refreshes to, or None for any other page."""
    if PREPARING not in text:
        return None
    found = REFRESH.search(text)
    return (int(found.group(1)), html.unescape(found.group(2))) if found else None


def problem(response):
    """Why the answer is not what a person downloading the PDF expects, or None."""
    if is_pdf(response.content):
        return None
    if refresh(response.text) is not None:
        return None
    return "neither the PDF nor the page saying it is being prepared"
