"""The answer library's pages are valid HTML, as they answer good and bad input."""

import pytest

from consortium.models import SectionStatus
from tests.bids.library_helpers import (
    answer_url,
    library_url,
    make_answer,
    save_url,
    section_url,
)
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db


def test_the_answer_library_pages_are_valid_html(w, tmp_path):
    mine = make_answer("Keeping people safe", organisation=w.partner_org, tags=["safeguarding"])
    make_answer("Safeguarding, stale", review_by=mine.review_by.replace(year=2020))
    section = w.sections[1]
    section.title = "Safeguarding"
    section.status = SectionStatus.APPROVED
    section.save()
    partner = w.client("partner")
    answers = {
        "library": partner.get(library_url()),
        "library searched": partner.get(library_url(q="safe", tag="safeguarding")),
        "library, none found": partner.get(library_url(q="zebra")),
        "answer": partner.get(answer_url(mine)),
        "change": partner.get(answer_url(mine, "edit")),
        "change with errors": partner.post(answer_url(mine, "edit"), {"title": ""}),
        "delete": partner.get(answer_url(mine, "delete")),
        "new": partner.get(library_url() + "new/"),
        "save as an answer": partner.get(save_url(section)),
        "save with errors": partner.post(save_url(section), {"review_by": "x"}),
        "section with suggestions": partner.get(section_url(section)),
        "bid page": partner.get(f"/bids/{w.bid.slug}/"),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n}.html: {name}" for n, name in enumerate(answers))
    assert "Answers that may fit" in answers["section with suggestions"].content.decode()
    assert "Answer library" in answers["bid page"].content.decode()
    assert validate(tmp_path) == "", index
