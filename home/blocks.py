"""The StreamField block library every page type's body is built from."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
# A paragraph block's text (tags not counted): a long page is several paragraphs.
PARAGRAPH_LENGTH = 20000


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 to 4 so the page keeps one h1 and a sound outline."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Level 2"), ("h3", "Level 3"), ("h4", "Level 4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        preview_value = {"text": "Sharing without merging", "level": "h2"}
        description = "A heading that starts a new section of the page"


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text screen-reader users hear, and a caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the image for people who cannot see it. "
        "Leave blank if the image is only decoration.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        description = "An image with alternative text and an optional caption"


class QuoteBlock(blocks.StructBlock):
    """A quotation (a testimonial, a line from a member) with who said it."""

    text = blocks.TextBlock(max_length=2000)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        preview_value = {
            "text": "Clustering gives smaller organisations the benefits of being part of "
            "something bigger, while keeping their independence.",
            "attribution": "A cluster member",
        }
        description = "A quotation with its attribution"


class CallToActionBlock(blocks.StructBlock):
    """A short box that asks the reader to do one thing, with a button."""

    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=1000)
    button_text = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen")

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"
        preview_value = {
            "title": "Join the Assembly",
            "text": "Membership is free for voluntary and community organisations.",
            "button_text": "How to join",
            "url": "https://example.org/join/",
        }
        description = "A box asking the reader to do one thing"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ["Choose a page or enter a web address for the button"]}
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document in the library, shown with its type and size."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Defaults to the document's own title"
    )

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document_link.html"
        description = "A link to download a document"


class EmbedVideoBlock(blocks.StructBlock):
    """Embedded media (a recording, a podcast) with a title for its frame."""

    embed = EmbedBlock(help_text="A YouTube, Vimeo or podcast address")
    title = blocks.CharBlock(
        max_length=200, help_text="Says what the media is, for screen-reader users"
    )

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"
        description = "Embedded video or audio"


class BodyBlock(blocks.StreamBlock):
    """The body of every page type: one library, so every page can use every block."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        max_length=PARAGRAPH_LENGTH,
        icon="pilcrow",
        template="components/blocks/paragraph.html",
        preview_value="<p>Small charities stay independent but act as if they were bigger.</p>",
        description="Formatted text",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedVideoBlock()
    document = DocumentLinkBlock()
