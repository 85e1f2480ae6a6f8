"""Formatting in a bid's sections: Markdown rendered to a fixed allow-list of HTML, counted
by its words, merged item by item, and previewed before saving.

The PDF and Word exports of formatted sections: test_section_formatting_exports.py."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.bids import formatting
from consortium.bids import versions as bids
from consortium.models import BidSection
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import client_for
from tests.hostile import PAYLOADS, assert_html_inert

FORMATTED = """We help older people in three ways.

### Where we work
- **Fernlea** library
- Church halls in *Upton*

1. Plan the sessions
2. Run them

| Area | People |
| --- | --- |
| Leeds | 40 |

Read [our report](https://example.org/report)."""


def tags_and_attributes(html):
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


# --- rendering ---------------------------------------------------------------------------------


def test_lists_headings_bold_tables_and_links_become_html():
    html = formatting.render_html(FORMATTED)
    assert '<h3 class="govuk-heading-s">Where we work</h3>' in html
    assert "<li><strong>Fernlea</strong> library</li>" in html
    assert "<em>Upton</em>" in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<th scope="col" class="govuk-table__header">Area</th>' in html
    assert '<td class="govuk-table__cell">Leeds</td>' in html
    link = next(attrs for tag, attrs in tags_and_attributes(html) if tag == "a")
    assert link["href"] == "https://example.org/report"
    assert link["rel"] == "nofollow noopener"


def test_headings_nest_under_the_heading_of_the_page_they_are_on():
    assert "<h4" in formatting.render_html("### Where we work", top=4)
    assert "<h3" in formatting.render_html("# Typed as a top heading")


@pytest.mark.parametrize(
    "body",
    [
        "[click](javascript:alert('hostile'))",
        "[click](JaVaScRiPt:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "![hostile](http://127.0.0.1:9/img.png)",
        '<script>alert("hostile")</script>',
        '<a href="javascript:alert(1)">hostile</a>',
    ],
)
def test_script_and_javascript_links_never_survive(body):
    html = formatting.render_html(body)
    assert_html_inert(html, where=body)
    assert "<script" not in html and "<img" not in html
    assert not any(
        not attrs.get("href", "https:").startswith(("https:", "http:", "mailto:"))
        for _, attrs in tags_and_attributes(html)
    )


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_the_hostile_corpus_stays_text_in_a_rendered_section(name):
    payload = PAYLOADS[name].replace("{server}", "http://127.0.0.1:9")
    for body in (payload, f"- {payload}\n- **{payload}**", f"| a |\n| - |\n| {payload} |"):
        assert_html_inert(formatting.render_html(body), where=name)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "<",
                    ">",
                    "[",
                    "](",
                    ")",
                    "*",
                    "**",
                    "- ",
                    "1. ",
                    "### ",
                    "|",
                    "\n",
                    "\n\n",
                    "javascript:",
                    "<script>",
                    "<img src=x onerror=1>",
                    "![a](b)",
                    "`",
                    "---",
                ]
            ),
        ),
        max_size=25,
    ).map("".join)
)
def test_render_html_never_emits_a_tag_or_attribute_outside_the_allow_list(body):
    for tag, attrs in tags_and_attributes(formatting.render_html(body)):
        assert tag in formatting.ALLOWED_TAGS
        for name, value in attrs.items():
            allowed = formatting.ALLOWED_ATTRIBUTES.get(tag, set()) | {"class"}
            allowed |= {"rel"} if tag == "a" else set()
            assert name in allowed, (tag, name)
            if name == "href":
                assert re.match(r"(https?|mailto):", value, re.I), value


# --- words -------------------------------------------------------------------------------------


def test_word_counts_count_words_not_markup():
    assert formatting.plain_words("**bold** and *italic* [a link](https://x.org)") == [
        "bold",
        "and",
        "italic",
        "a",
        "link",
    ]
    assert len(formatting.plain_words("### Two words\n\n- one\n- two")) == 4
    table = "| Area | People |\n| --- | --- |\n| Leeds | 40 |"
    assert formatting.plain_words(table) == ["Area", "People", "Leeds", "40"]


@pytest.mark.django_db
def test_a_formatted_list_within_the_word_limit_can_be_marked_approved(p):
    section = delivery(p)
    BidSection.objects.filter(pk=section.pk).update(word_limit=3)
    client = client_for("partner", p)
    version = client.get(bid_url("section", p, section.pk)).context["form"]["version"].value()
    body = "- **one**\n- two\n- three"
    response = client.post(bid_url("section", p, section.pk), {"body": body, "version": version})
    assert response.status_code == 302
    client.post(bid_url("section_review", p, section.pk), {"action": "approve"})
    saved = BidSection.objects.get(pk=section.pk)
    assert saved.word_count == 3 and not saved.over_limit and saved.status == "approved"


def test_plain_text_has_no_markdown_symbols():
    text = formatting.plain_text(FORMATTED)
    assert "**" not in text and "###" not in text and "](" not in text
    assert "• Fernlea library" in text
    assert "1. Plan the sessions" in text
    assert "Leeds | 40" in text


# --- merging and diffs --------------------------------------------------------------------------

LIST = "Our sessions:\n\n- Monday in Fernlea\n- Wednesday in Upton\n- Friday in Leeds"


def test_each_list_item_line_and_table_row_is_a_block():
    assert formatting.blocks(LIST) == [
        "Our sessions:",
        "- Monday in Fernlea",
        "- Wednesday in Upton",
        "- Friday in Leeds",
    ]
    assert formatting.join_blocks(formatting.blocks(LIST)) == LIST
    table = "| Area | People |\n| --- | --- |\n| Leeds | 40 |"
    assert formatting.blocks(table) == table.split("\n")
    assert formatting.join_blocks(formatting.blocks(table)) == table


def test_two_people_editing_different_items_of_one_list_do_not_clash():
    mine = LIST.replace("Monday in Fernlea", "Monday morning in Fernlea")
    theirs = LIST.replace("Friday in Leeds", "Friday in Leeds and Bradford")
    merged, conflicts = bids.merge_text(LIST, mine, theirs)
    assert conflicts is None
    assert merged == (
        "Our sessions:\n\n- Monday morning in Fernlea\n- Wednesday in Upton\n"
        "- Friday in Leeds and Bradford"
    )
    assert formatting.render_html(merged).count("<li>") == 3


def test_two_people_editing_the_same_list_item_still_clash():
    mine = LIST.replace("Upton", "Upton (mine)")
    theirs = LIST.replace("Upton", "Upton (theirs)")
    merged, conflicts = bids.merge_text(LIST, mine, theirs)
    assert merged is None
    assert conflicts[0]["mine"] == "- Wednesday in Upton (mine)"


def both_open_the_list(p):
    """The delivery plan holding LIST, opened by the partner and then the lead: the section,
    its address, and each person's client with the version their form holds."""
    section = delivery(p)
    BidSection.objects.filter(pk=section.pk).update(body=LIST)
    BidSection.objects.get(pk=section.pk).save()  # a version on record to merge against
    partner, lead = client_for("partner", p), client_for("lead", p)
    url = bid_url("section", p, section.pk)
    opened = [(c, c.get(url).context["form"]["version"].value()) for c in (partner, lead)]
    return section, url, *opened


@pytest.mark.django_db
def test_saving_while_someone_else_changed_another_list_item_keeps_both(p):
    section, url, (partner, v_partner), (lead, v_lead) = both_open_the_list(p)
    lead.post(
        url, {"body": LIST.replace("Monday", "Tuesday"), "status": "drafting", "version": v_lead}
    )
    response = partner.post(
        url, {"body": LIST.replace("Leeds", "Bradford"), "status": "drafting", "version": v_partner}
    )
    assert response.status_code == 302
    body = BidSection.objects.get(pk=section.pk).body
    assert "- Tuesday in Fernlea" in body and "- Friday in Bradford" in body


@pytest.mark.django_db
def test_the_history_compares_a_list_item_by_item_in_markdown(p):
    section = BidSection.objects.get(pk=delivery(p).pk)
    section.body = LIST
    section.save()
    section.body = LIST.replace("Upton", "Upton **and Fernlea**")
    section.save()
    old, new = section.history.order_by("history_id")[1:3]
    page = client_for("partner", p).get(
        bid_url("section_history", p, section.pk) + f"?from={old.history_id}&to={new.history_id}"
    )
    paragraphs = page.context["compare"]["paragraphs"]
    assert len(paragraphs) == 4  # the lead-in and one a list item
    assert ("ins", "**and") in paragraphs[2] and ("ins", "Fernlea**") in paragraphs[2]
    assert paragraphs[1] == [("same", "-"), ("same", "Monday"), ("same", "in"), ("same", "Fernlea")]


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readers_see_the_section_formatted_and_writers_see_the_markdown(p):
    BidSection.objects.filter(pk=p.sections[0].pk).update(body=FORMATTED)
    reader = client_for("partner", p).get(bid_url("section", p, p.sections[0].pk))
    assert reader.context["form"] is None
    assert "<li><strong>Fernlea</strong> library</li>" in reader.content.decode()
    writer = client_for("lead", p).get(bid_url("section", p, p.sections[0].pk)).content.decode()
    assert "- **Fernlea** library" in writer  # in the text box, as typed
    assert "Formatting help" in writer


@pytest.mark.django_db
def test_the_bid_page_shows_every_section_formatted(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(body=FORMATTED)
    page = client_for("subcontractor", p).get(bid_url("detail", p)).content.decode()
    assert "Read the text of every section" in page
    assert '<h4 class="govuk-heading-s">Where we work</h4>' in page
    assert '<td class="govuk-table__cell">Leeds</td>' in page


@pytest.mark.django_db
def test_preview_shows_the_formatting_keeps_the_typing_and_saves_nothing(p):
    section = delivery(p)
    client = client_for("partner", p)
    url = bid_url("section", p, section.pk)
    version = client.get(url).context["form"]["version"].value()
    typed = "- Monday\n- <script>alert('hostile')</script>"
    response = client.post(
        url, {"body": typed, "status": "drafting", "version": version, "preview": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<li>Monday</li>" in page
    assert "- &lt;script&gt;alert(" in page  # in the text box, as typed
    assert_html_inert(page)
    assert 'aria-live="polite"' in page
    assert BidSection.objects.get(pk=section.pk).version == int(version)  # nothing saved


@pytest.mark.django_db
def test_the_live_preview_returns_sanitised_html_to_the_sections_writers(p):
    url = bid_url("section_preview", p, delivery(p).pk)
    response = client_for("partner", p).post(url, {"body": "- **one**\n- [x](javascript:1)"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.content.decode() == (
        '<ul class="govuk-list govuk-list--bullet">\n<li><strong>one</strong></li>\n'
        "<li>[x](javascript:1)</li>\n</ul>\n"
    )
    too_long = client_for("partner", p).post(url, {"body": "x" * 50_001})
    assert "too long to preview" in too_long.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("subcontractor", 403), ("non_member", 404)])
def test_people_who_cannot_write_the_section_get_no_preview(p, persona, status):
    url = bid_url("section_preview", p, delivery(p).pk)
    assert client_for(persona, p).post(url, {"body": "x"}).status_code == status


@pytest.mark.django_db
def test_the_live_preview_needs_a_post_and_a_sign_in(p):
    url = bid_url("section_preview", p, delivery(p).pk)
    assert client_for("partner", p).get(url).status_code == 405
    assert client_for("anonymous", p).post(url, {"body": "x"}).status_code == 302


@pytest.mark.django_db
def test_formatted_sections_and_the_preview_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    BidSection.objects.filter(pk=p.sections[0].pk).update(body=FORMATTED)
    partner = client_for("partner", p)
    url = bid_url("section", p, delivery(p).pk)
    version = partner.get(url).context["form"]["version"].value()
    answers = {
        "bid page": partner.get(bid_url("detail", p)),
        "section read-only": partner.get(bid_url("section", p, p.sections[0].pk)),
        "preview": partner.post(
            url, {"body": FORMATTED, "status": "drafting", "version": version, "preview": "1"}
        ),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""


@pytest.mark.django_db
def test_the_clash_page_marks_only_the_list_item_both_people_changed(p):
    section, url, (partner, v_partner), (lead, v_lead) = both_open_the_list(p)
    lead.post(
        url, {"body": LIST.replace("Upton", "Upton, lead"), "status": "drafting", "version": v_lead}
    )
    response = partner.post(
        url,
        {
            "body": LIST.replace("Upton", "Upton, partner"),
            "status": "drafting",
            "version": v_partner,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "<mark>- Wednesday in Upton, partner</mark>" in page
    assert "<mark>- Monday in Fernlea" not in page
