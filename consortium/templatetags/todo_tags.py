"""The header's members' links and its to-do count, for the signed-in person only.

Pages for signed-in people are never stored in the public page cache (they carry a session
cookie), so the count is always the person's own.
"""

from django import template

from consortium.members import todo_count

register = template.Library()


@register.inclusion_tag("components/members_navigation.html", takes_context=True)
def members_navigation(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    # The to-do page has counted its own items: the same number, without asking again.
    count = context.get("todo_count")
    return {"todo_count": todo_count.count(user) if count is None else count, "path": path}
