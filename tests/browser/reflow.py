"""Reflow (WCAG 1.4.10) in a real chromium, shared by the layout tests: the small screen,
and a check that names whatever makes a page scroll sideways."""

SMALL_SCREEN = {"width": 320, "height": 640}


# Finds what sticks out: the outermost elements whose box, or whose own text, ends past the
# right edge of the viewport, so that a failure names the table or heading at fault rather
# than every one of its descendants. Text is measured too, because a long word can overflow
# a heading whose box still fits. Visually hidden text is left out: nobody sees it.
FIND_OVERFLOW = """() => {
  const width = window.innerWidth;
  const beyond = (rect) => rect.width > 0 && rect.right > width + 0.5;
  const text = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect();
  };
  const culprits = new Set();
  const shown = NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT;
  const walker = document.createTreeWalker(document.body, shown);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (element.closest(".govuk-visually-hidden")) continue;
    const rect = node === element ? element.getBoundingClientRect() : text(node);
    if (beyond(rect)) culprits.add(element);
  }
  const outermost = [...culprits].filter((el) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (culprits.has(up)) return false;
    return true;
  });
  const describe = (el) => {
    const classes = [...el.classList].map((name) => "." + name).join("");
    const words = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}>: "${words}"`;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: width,
    culprits: outermost.map(describe),
  };
}"""


def assert_no_sideways_scrolling(page):
    result = page.evaluate(FIND_OVERFLOW)
    assert result["scrollWidth"] <= result["width"], (
        f"{page.url} is {result['scrollWidth']}px wide on a {result['width']}px screen; "
        "these stick out:\n" + "\n".join(result["culprits"] or ["(nothing found)"])
    )
