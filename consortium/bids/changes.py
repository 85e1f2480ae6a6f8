"""What changed in a bid between two versions, as a partner reads it before signing off.

``compare(bid, user, old, new=None)`` puts the two versions side by side (each as
``exports.snapshot`` rebuilds it, so only the budget lines ``user`` may see) and lists what
differs: the bid's details, each section's words (added and taken out), budget lines added
or taken out, and partners' statements.
"""

from dataclasses import dataclass, field

from consortium.bids.drafting import diff_paragraphs
from consortium.bids.exports.snapshot import snapshot
from consortium.bids.models import JointBid
from consortium.bids.versions import BID_FIELDS, _plain, join_paragraphs
from consortium.numbers import money


@dataclass
class Changes:
    old: object  # Snapshot
    new: object  # Snapshot
    details: list = field(default_factory=list)  # [(label, old text, new text)]
    sections: list = field(default_factory=list)  # [(title, "added"/"removed"/"changed", diff)]
    lines_added: list = field(default_factory=list)  # [text]
    lines_removed: list = field(default_factory=list)  # [text]
    statements: list = field(default_factory=list)  # [organisation name]

    @property
    def nothing(self):
        return not (
            self.details
            or self.sections
            or self.lines_added
            or self.lines_removed
            or self.statements
        )


def _shown(bid, name):
    value = getattr(bid, name)
    if value is None or value == "":
        return "Not given"
    display = getattr(bid, f"get_{name}_display", None)
    return display() if display else str(value)


def _line(organisation, line):
    private = " (Private)" if line.is_private else ""
    return (
        f"{organisation}, year {line.year}, {line.get_category_display()}: "
        f"{line.description}{private}, {money(line.amount)}"
        + (f" (match funding {money(line.match_funding)})" if line.match_funding else "")
    )


def _statement(partner):
    s = partner.statement
    return (s.role_in_bid, s.delivery_areas, s.capacity) if s else None


def compare(bid, user, old, new=None):
    """:class:`Changes` from version ``old`` to version ``new`` (None: the current one).
    Raises ``snapshot.UnknownVersion`` for a version the bid never had."""
    before = snapshot(bid, user, version=old)
    after = snapshot(bid, user, version=new)
    changes = Changes(old=before, new=after)

    for name in BID_FIELDS:
        if _plain(getattr(before.bid, name)) != _plain(getattr(after.bid, name)):
            label = JointBid._meta.get_field(name).verbose_name
            changes.details.append(
                (label[:1].upper() + label[1:], _shown(before.bid, name), _shown(after.bid, name))
            )

    old_sections = {s.title: s for s in before.sections}
    new_sections = {s.title: s for s in after.sections}
    for s in after.sections:
        was = old_sections.get(s.title)
        if was is None:
            changes.sections.append((s.title, "added", diff_paragraphs("", _text(s))))
        elif was.paragraphs != s.paragraphs:
            changes.sections.append((s.title, "changed", diff_paragraphs(_text(was), _text(s))))
    for s in before.sections:
        if s.title not in new_sections:
            changes.sections.append((s.title, "removed", diff_paragraphs(_text(s), "")))

    old_lines = [_line(o, ln) for o, ln in before.budget_lines]
    new_lines = [_line(o, ln) for o, ln in after.budget_lines]
    changes.lines_added = [t for t in new_lines if t not in old_lines]
    changes.lines_removed = [t for t in old_lines if t not in new_lines]

    old_statements = {p.name: _statement(p) for p in before.partners}
    changes.statements = [
        p.name for p in after.partners if _statement(p) != old_statements.get(p.name)
    ]
    return changes


def _text(section):
    return join_paragraphs(section.paragraphs)
