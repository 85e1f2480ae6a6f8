"""Forms for comments on a bid section: a new comment (on a paragraph or the whole section)
and a reply."""

from django import forms

from consortium.bids import comments
from consortium.bids.forms import CommentForm
from portal.forms import GovukFormMixin

WHOLE_SECTION = ""


class SectionCommentForm(CommentForm):
    """A new comment, on one paragraph of the section's text or on the whole section."""

    paragraph = forms.TypedChoiceField(
        label="Which paragraph is it about?",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": "Choose a paragraph from the list: the text may have changed "
            "since you opened the page",
        },
    )

    field_order = ["paragraph", "comment"]

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [(WHOLE_SECTION, "The whole section")] + [
            (n, f"Paragraph {n}: {words}") for n, words in comments.paragraph_choices(section.body)
        ]


class ReplyForm(GovukFormMixin, forms.Form):
    length_subjects = {"reply": "Your reply"}

    reply = forms.CharField(
        label="Your reply",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your reply"},
    )

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, prefix=f"comment-{comment.pk}", **kwargs)


class ReturnForm(SectionCommentForm):
    """The reviewer's note when returning a section: required, optionally on a paragraph."""

    length_subjects = {"comment": "Your note"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields["comment"]
        note.label = "What needs changing?"
        note.help_text = "The writer sees this as a comment on the section"
        note.error_messages["required"] = "Enter what needs changing"
        self.fields["paragraph"].label = "Which paragraph is it about? (optional)"
