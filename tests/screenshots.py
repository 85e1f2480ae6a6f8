"""Screenshots for the guides, taken by the browser journeys as they go.

``shot(page, "bid-page")`` does nothing in an ordinary test run. When the environment variable
``SHOAL_DOCS_SCREENSHOTS`` names a folder (``make docs-screenshots`` sets it to
``docs/images``), it saves what the tab shows there as ``bid-page.png``, at 1280 x 800, so
that the pictures in the guides are the real pages, as the tests left them.
"""

import os
import re
from pathlib import Path

FOLDER_VARIABLE = "SHOAL_DOCS_SCREENSHOTS"
VIEWPORT = {"width": 1280, "height": 800}


def screenshots_folder():
    """The folder to save screenshots in, or None when the guides' screenshots are not wanted."""
    folder = os.environ.get(FOLDER_VARIABLE, "").strip()
    return Path(folder) if folder else None


def file_name(name):
    """``"Sign-off: version 2"`` -> ``sign-off-version-2.png``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug}.png"


def case_id():
    """The parametrised case of the running test (``forum index`` in ``test_x[forum index]``)."""
    running = os.environ.get("PYTEST_CURRENT_TEST", "")
    found = re.search(r"\[(.*)\]", running)
    return found.group(1) if found else ""


def shot(page, name, *, full_page=False, goto=None):
    """Save the tab as ``<name>.png`` in the screenshots folder, if there is one.

    ``{case}`` in the name is replaced by the parametrised case, so one line in a
    parametrised test gives one picture per case. ``goto`` opens an address first (only when
    screenshots are wanted, so the journey itself is unchanged); ``full_page`` saves the whole
    page rather than the first 800 pixels.
    """
    folder = screenshots_folder()
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    if goto:
        page.goto(goto)
    before = page.viewport_size
    if before != VIEWPORT:
        page.set_viewport_size(VIEWPORT)
    page.wait_for_load_state("load")
    path = folder / file_name(name.replace("{case}", case_id()))
    # The pointer away from the page, so no link is pictured hovered.
    page.mouse.move(0, 0)
    page.screenshot(path=path, full_page=full_page, animations="disabled", caret="hide")
    if before and before != VIEWPORT:
        page.set_viewport_size(before)
    return path
