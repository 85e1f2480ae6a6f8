"""Demo photos on two offers, drawn with Pillow, and centroids for the demo's postcodes.

The demo organisations' postcodes start AB1 to AB8 (home.demo.members.LOCALITIES); their
outward-code centroids here place them a few miles apart in one made-up county, so "about
N miles away" and the distance filter work without loading the ONS Postcode Directory.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from consortium.brokerage.photos import add_photo
from consortium.models import Listing, PostcodeCentroid

CENTROIDS = {
    "AB1": (52.6369, -1.1398),  # Market Town, central
    "AB2": (52.6340, -1.1290),  # Market Town, town centre
    "AB3": (52.7220, -1.1510),  # Foxwell, north
    "AB4": (52.5450, -1.1280),  # Long Meadow, south
    "AB5": (52.6410, -0.9900),  # Oakfield, east
    "AB6": (52.6300, -1.3200),  # Sandstone, west
    "AB7": (52.7600, -1.3600),  # Fernlea, rural
    "AB8": (52.6369, -1.1398),  # Market Town, countywide services
}
# (offer title, [(what to draw, alt text)])
PHOTOS = [
    (
        "Folding tables and chairs to lend",
        [
            ("tables", "Four folding tables stacked against a village hall wall"),
            ("chairs", "Rows of grey stacking chairs in a hall"),
        ],
    ),
    (
        "Meeting room at Hillside Hall",
        [("room", "A meeting room with a long table and a window onto fields")],
    ),
]


def _draw(subject):
    image = Image.new("RGB", (960, 640), (243, 242, 241))
    draw = ImageDraw.Draw(image)
    if subject == "tables":
        for n in range(4):
            top = 140 + n * 90
            draw.rectangle((180, top, 780, top + 40), fill=(139, 94, 60))
            draw.rectangle((200, top + 40, 220, top + 80), fill=(80, 80, 80))
    elif subject == "chairs":
        for row in range(3):
            for column in range(6):
                x, y = 90 + column * 135, 150 + row * 150
                draw.rectangle((x, y, x + 80, y + 20), fill=(110, 110, 110))
                draw.rectangle((x, y - 70, x + 80, y - 55), fill=(110, 110, 110))
    else:
        draw.rectangle((600, 80, 900, 300), fill=(168, 214, 168))
        draw.rectangle((120, 360, 840, 440), fill=(139, 94, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def load_photos():
    """Centroids for the demo's outward codes; photos on two offers that have none yet."""
    known = set(PostcodeCentroid.objects.filter(code__in=CENTROIDS).values_list("code", flat=True))
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(code=code, latitude=latitude, longitude=longitude)
        for code, (latitude, longitude) in CENTROIDS.items()
        if code not in known
    )
    for title, pictures in PHOTOS:
        offer = Listing.objects.filter(title=title, kind="offer").first()
        if offer is None or offer.photos.exists():
            continue
        for subject, alt_text in pictures:
            upload = SimpleUploadedFile(f"{subject}.jpg", _draw(subject))
            add_photo(offer, upload, alt_text, offer.posted_by, "JPEG")
