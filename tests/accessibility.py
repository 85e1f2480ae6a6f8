"""Run axe-core in the page and fail with a readable report on any WCAG 2.2 A/AA violation."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def axe_violations(page):
    """The axe-core results for the page as it is now, limited to WCAG 2.2 A and AA rules."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options)


def assert_accessible(page):
    results = axe_violations(page)
    if results.violations_count:
        lines = [f"axe found {results.violations_count} WCAG 2.2 A/AA violation(s) on {page.url}:"]
        for violation in results.response["violations"]:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    at {', '.join(node['target'])}: {node['failureSummary']}")
        raise AssertionError("\n".join(lines))
