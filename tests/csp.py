"""Catch Content-Security-Policy violations in the browser tests.

A blocked script or style does not fail a Playwright test by itself: the page simply
behaves a little differently. So every browser context the tests open records each
violation, from the ``securitypolicyviolation`` event and from chromium's console
message, and the fixture that opened it fails the test at teardown with the list.
"""

# Runs before the page's own scripts in every page and frame of the context. Init scripts
# and bindings come through the DevTools protocol, so the policy under test cannot block them.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "an inline resource"}` +
    ` in ${event.sourceFile || event.documentURI}` +
    (event.lineNumber ? `:${event.lineNumber}` : "") +
    (event.sample ? ` (${event.sample})` : "")
  );
});
"""


def watch_for_csp_violations(context):
    """Start recording CSP violations in every page of ``context``; returns the list."""
    violations = []
    context.expose_binding(
        "__reportCspViolation", lambda source, text: violations.append(f"event: {text}")
    )
    context.add_init_script(_REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def assert_no_csp_violations(violations):
    if violations:
        lines = [f"The browser reported {len(violations)} Content-Security-Policy violation(s):"]
        lines += [f"- {violation}" for violation in violations]
        raise AssertionError("\n".join(lines))
