"""Formatting in a bid's sections: the Markdown funders accept, read the same way everywhere.

A section's text is stored as people typed it, in Markdown: paragraphs, headings inside a
section (``###``), bulleted and numbered lists, bold and italic, links and simple pipe tables.
This module is the one place that understands it:

- :func:`render_html` turns it into HTML for pages and the PDF. Raw HTML is not allowed (it is
  shown as text), and the result is cleaned by nh3 to a fixed list of tags and attributes, so
  whatever someone types, no script, style, image or ``javascript:`` link comes out;
- :func:`blocks` splits it into logical blocks (each paragraph, heading, list item and table
  row), which the paragraph merge and the history diffs work on, and :func:`join_blocks` puts
  blocks back together;
- :func:`plain_words` gives the words a reader sees, without the markup, for word counts and
  word limits ("**bold**" is one word; a table counts the words in its cells);
- :func:`plain_text` gives readable text without Markdown symbols, for text-only outputs.
"""

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "code",
    "blockquote",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"scope"}}
# GOV.UK Frontend classes added by the renderer; nh3 keeps these and no others.
CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "a": "govuk-link",
    "table": "govuk-table",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}
ALLOWED_CLASSES = {tag: set(names.split()) for tag, names in CLASSES.items()}
LINK_REL = "nofollow noopener"


def _safe_link(url):
    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url or "")
    return bool(scheme) and scheme.group(1).lower() in ALLOWED_SCHEMES


@lru_cache(maxsize=1)
def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # No code blocks: indented text stays a paragraph. No autolinks: a link is written
    # [words](address), so a bare <address> stays text. (Images become their words: parse.)
    md.disable(["code", "fence", "autolink"])
    md.validateLink = _safe_link
    return md


def parse(body):
    """markdown-it's tokens for ``body`` (for writers of other formats, such as Word). An
    image is not shown: only its description is kept, as text."""
    tokens = _parser().parse(_normalise(body))
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.type, child.tag, child.attrs, child.children = "text", "", {}, None
    return tokens


_tokens = parse


def _normalise(body):
    return (body or "").replace("\r\n", "\n").replace("\r", "\n")


def render_html(body, top=3):
    """Sanitised HTML for ``body``. Headings inside the section start at level ``top`` (``###``
    becomes ``<h{top}>``; ``#`` and ``##`` too), so they nest under the page's own headings."""
    return _render_html(body or "", top)


# The same text always gives the same HTML and words: pages that show every section of a bid
# (and its word counts, several times) parse each text once per process, not on every view.
@lru_cache(maxsize=256)
def _render_html(body, top):
    tokens = _tokens(body)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(6, max(3, top + max(0, level - 3)))}"
        if token.type == "th_open":
            token.attrs.pop("style", None)
            token.attrSet("scope", "col")
        if token.type == "td_open":
            token.attrs.pop("style", None)
        name = token.tag if token.nesting == 1 else None
        if name in CLASSES:
            token.attrSet("class", CLASSES[name])
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("class", CLASSES["a"])
    html = _parser().renderer.render(tokens, _parser().options, {})
    return clean(html)


def clean(html):
    """``html`` with only the allowed tags, attributes, classes and link schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


# --- words ---------------------------------------------------------------------------------


def inline_text(token):
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def plain_lines(body):
    """One line of plain text per paragraph, heading, list item or table row."""
    lines, row, numbers, prefix = [], None, [], ""
    for token in _tokens(body):
        kind = token.type
        if kind == "bullet_list_open":
            numbers.append(None)
        elif kind == "ordered_list_open":
            numbers.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            prefix = "• " if numbers[-1] is None else f"{numbers[-1]}. "
            if numbers[-1] is not None:
                numbers[-1] += 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            lines.append(" | ".join(row))
            row = None
        elif kind == "inline":
            text = " ".join(inline_text(token).split())
            if row is not None:
                row.append(text)
            else:
                lines.append(prefix + text)
                prefix = ""
    return [line for line in lines if line.strip()]


def plain_text(body):
    """Readable text without Markdown symbols: lines, with "• " and "1. " for list items."""
    return "\n".join(plain_lines(body))


def count_words(body):
    """How many words a reader sees (``plain_words``), remembered for recent texts."""
    return _count_words(body or "")


@lru_cache(maxsize=512)
def _count_words(body):
    return len(plain_words(body))


def plain_words(body):
    """The words a reader sees, without the markup."""
    words = []
    for token in _tokens(body):
        if token.type == "inline":
            words.extend(inline_text(token).split())
    return words


# --- blocks for merging and diffs --------------------------------------------------------------

ITEM = re.compile(r"^ {0,3}(?:[-*+]|(\d{1,9})[.)])(?:[ \t]|$)")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
TABLE_DELIMITER = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _kind(block):
    """ "bullet", "number", "row", "heading" or "paragraph", from a block's first line."""
    first = block.split("\n", 1)[0]
    item = ITEM.match(first)
    if item:
        return "bullet" if item.group(1) is None else "number"
    if HEADING.match(first):
        return "heading"
    if first.lstrip().startswith("|") or TABLE_DELIMITER.match(first):
        return "row"
    return "paragraph"


def _chunk_blocks(chunk):
    lines = chunk.split("\n")
    if len(lines) > 1 and TABLE_DELIMITER.match(lines[1]) and "|" in lines[0]:
        return lines  # a table: one block a row
    found = []
    for line in lines:
        item = ITEM.match(line)
        starts_item = item and (
            not found
            or _kind(found[-1]) in ("bullet", "number")
            or item.group(1) is None
            or int(item.group(1)) == 1
        )
        if starts_item or HEADING.match(line) or not found or _kind(found[-1]) == "heading":
            found.append(line)
        else:
            found[-1] += "\n" + line
    return found


def blocks(body):
    """The logical blocks of ``body``, as source text: each paragraph, heading, list item
    and table row. A list typed with single line breaks gives one block an item."""
    text = _normalise(body).strip("\n")
    found = []
    for chunk in text.split("\n\n"):
        if chunk.strip():
            found.extend(_chunk_blocks(chunk.strip("\n")))
    return found


def join_blocks(items):
    """Text from blocks: list items and table rows that follow each other stay together
    (one line break); everything else is separated by a blank line."""
    out = []
    for n, block in enumerate(items):
        if n:
            same = _kind(items[n - 1]) == _kind(block) in ("bullet", "number", "row")
            out.append("\n" if same else "\n\n")
        out.append(block)
    return "".join(out)
