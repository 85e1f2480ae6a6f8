"""``|excerpt``: what a notification email quotes of something a person wrote.

An email quotes the start of a long message and links to the page for the rest, so a
5,000-character reply does not arrive whole in every inbox it is sent to.
"""

from django import template

register = template.Library()

EXCERPT_LENGTH = 1000
SHORTENED_NOTE = "[…the rest is on Shoal, at the link below]"


@register.filter
def excerpt(text, length=EXCERPT_LENGTH):
    """The first ``length`` characters of ``text``, ending at a word, and a note when cut."""
    text = str(text or "")
    if len(text) <= length:
        return text
    cut = text[:length]
    if not text[length].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip()} {SHORTENED_NOTE}"
