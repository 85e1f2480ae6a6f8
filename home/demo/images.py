"""Demo images drawn locally with Pillow, so the demo needs no download."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

PALETTE = [(0, 98, 94), (0, 59, 57), (40, 161, 151), (244, 119, 56), (29, 112, 184)]


def draw_shoal(seed, width=1200, height=675):
    """A simple picture of a shoal of fish on a sea-coloured background, as PNG bytes."""
    rng = random.Random(seed)
    background = PALETTE[rng.randrange(len(PALETTE))]
    image = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randrange(20, 70)
        colour = (255, 255, 255) if rng.random() > 0.3 else PALETTE[rng.randrange(len(PALETTE))]
        draw.ellipse((x, y, x + size * 2, y + size), fill=colour)
        draw.polygon([(x, y + size // 2), (x - size, y), (x - size, y + size)], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_image(title, seed=None):
    """Return the demo image with this title, drawing it the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = draw_shoal(seed if seed is not None else title)
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(data), name=f"{slug}.png")
    image.save()
    return image
