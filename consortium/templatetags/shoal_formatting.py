"""``{{ section.body|section_html }}``: a section's Markdown as sanitised HTML.

``{{ body|section_html:4 }}`` starts the section's own headings at ``<h4>``."""

from django import template
from django.utils.safestring import mark_safe

from consortium.bids import formatting

register = template.Library()


@register.filter
def section_html(body, top=3):
    # Safe: formatting.render_html escapes raw HTML and cleans the result to an allow-list.
    return mark_safe(formatting.render_html(body, top=int(top)))  # noqa: S308


@register.filter
def section_plain(body):
    """The section as plain text, without Markdown symbols."""
    return formatting.plain_text(body)
