"""Every notification email is plain text: names like "St Mary's" arrive as typed."""

from pathlib import Path

import pytest

from consortium.events import Event

EMAILS = (
    Path(__file__).resolve().parents[2] / "templates" / "consortium" / "notifications" / "emails"
)


@pytest.mark.parametrize("event", list(Event), ids=[e.value for e in Event])
@pytest.mark.parametrize("part", ["_subject.txt", ".txt"])
def test_each_event_has_plain_text_email_templates(event, part):
    template = EMAILS / f"{event.value}{part}"
    assert template.exists(), f"{template.name} is missing"
    # Django escapes HTML in every template unless told not to: "St Mary&#x27;s".
    assert "{% autoescape off %}" in template.read_text()
