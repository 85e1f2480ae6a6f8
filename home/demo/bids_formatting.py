"""Demo content for formatted sections: the draft bid "Riverside: nobody alone" gets two
sections written with a heading, bulleted and numbered lists, bold text, a link and a table,
so the section page, the bid page, the preview and the exports have something to show."""

from consortium.bids.models import JointBid
from home.demo.bids import _write_section

DRAFT = "Riverside: nobody alone"

WITH_LISTS = """Our partners already reach people living alone across Riverside.

### Where the sessions run
- **Riverside library**, every Tuesday morning
- The Methodist church hall, every Thursday afternoon
- People's own homes, for those who cannot get out

### How a referral works
1. A GP surgery, a neighbour or the person themselves gets in touch.
2. A volunteer visits within **ten working days**.
3. Together they choose the groups and help that suit them.

The referral routes follow the [county's social prescribing guide](https://www.example.org/social-prescribing)."""

WITH_TABLE = """We will count the people we reach each year, and report every quarter.

| Year | People reached | New volunteers |
| --- | --- | --- |
| 1 | 150 | 40 |
| 2 | 200 | 40 |
| 3 | 250 | 40 |

*These are targets agreed by all six partners.*"""


def load_bids_formatting():
    bid = JointBid.objects.filter(title=DRAFT).first()
    if bid is None:
        return
    sections = list(bid.sections.order_by("sort_order", "pk"))
    if len(sections) < 5 or "###" in sections[2].body:
        return  # already loaded
    lead = bid.created_by  # the lead may write every section
    # The delivery plan gets the lists, outcomes and monitoring the table (sections[1] holds the
    # demo's comments).
    _write_section(sections[2], lead, WITH_LISTS)
    sections[4].refresh_from_db()
    _write_section(sections[4], lead, WITH_TABLE)
