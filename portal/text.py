"""Text people typed, made safe for places that cannot hold every character.

C0 control characters other than tab, line feed and carriage return, and DEL, are never typed
on purpose (a vertical tab comes with text pasted from a word processor); XML (feeds) and
spreadsheet files (openpyxl refuses to write the XLSX export) cannot hold them, and in a
terminal or a log they are escape sequences.
"""

import re

from django.contrib.syndication.views import Feed
from django.utils.html import escape

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value):
    """Text with the invisible control characters taken out (other values unchanged)."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def as_feed_html(text):
    """Plain text for a feed's description or summary, which feed readers show as HTML:
    escaped, so that what was typed or imported is shown, never run."""
    return escape(without_control_characters(text or ""))


class PlainTextFeed(Feed):
    """A feed whose every piece of text is free of control characters, which XML cannot hold
    (Django refuses to write the feed)."""

    def _get_dynamic_attr(self, attname, obj, default=None):
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, list | tuple):
            return type(value)(without_control_characters(item) for item in value)
        return without_control_characters(value)
