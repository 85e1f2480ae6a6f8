"""Display helpers that follow the GOV.UK style guide for dates and times."""

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html

from portal.forms import prepared_choices

register = template.Library()


@register.filter
def govuk_time(value):
    """5:30pm, 10am, midday, midnight: UK time, as the GOV.UK style guide writes them."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.simple_tag
def select_options(options, chosen=None):
    """``<option>``s for (value, label) pairs, the one whose value is ``chosen`` selected.

    A county has hundreds of forums and clusters: written here they cost a fraction of what
    a template loop over them did, and each option's markup is made once per process for as
    long as the options stay the same (``prepared_choices``).
    """
    return prepared_choices(tuple(options)).option_tags({"" if chosen is None else str(chosen)})


def _long_date(value):
    """Thursday 1 July 2027, as ``|date:"l j F Y"`` writes it in English."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]} {value.year}"


@register.simple_tag(takes_context=True)
def event_summary(context, event):
    """One event in a list (the events index, the home page, a forum's or cluster's page):
    its title and address, when it is, its kind and format, and its summary. Made in Python:
    the events index writes thirty, and two templates each were a third of its time."""
    return format_html(
        '<article class="shoal-event"><h3 class="govuk-heading-s govuk-!-margin-bottom-1">'
        '<a class="govuk-link" href="{}">{}</a></h3><dl class="shoal-event__facts govuk-body-s">'
        "<dt>When</dt><dd>{}</dd><dt>Type</dt><dd>{}, {}</dd></dl>"
        '<p class="govuk-body-s">{}</p></article>',
        event.get_url(request=context.get("request")),
        event.title,
        event_when(event),
        event.get_kind_display(),
        event.get_meeting_format_display().lower(),
        event.summary,
    )


@register.simple_tag
def event_when(event):
    """When an event is, in UK time: "Thursday 1 July 2027, 10am</time> to <time>11:30am"
    (the end's date too when it ends on another day), each in a ``<time>`` element.

    A list of events writes this dozens of times; eight template filters each time were
    most of the events index's rendering.
    """
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    ends = govuk_time(end)
    if start.date() != end.date():
        ends = f"{_long_date(end)}, {ends}"
    return format_html(
        '<time datetime="{}">{}, {}</time> to <time datetime="{}">{}</time>',
        start.isoformat(),
        _long_date(start),
        govuk_time(start),
        end.isoformat(),
        ends,
    )
