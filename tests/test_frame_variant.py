"""frame_variant / render_variant: the unit's name drawn on the frame in a font with every Vietnamese
glyph, the short name when the full one does not fit, previews for officers of any unit of theirs."""

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageFont

from campaigns import frames
from tests.factories import CampaignFactory, UnionFactory

from .frame_helpers import make_frame

VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")


def test_the_vendored_font_has_every_vietnamese_glyph():
    font = ImageFont.truetype(str(frames.FONT_PATH), 40)
    missing = bytes(font.getmask("\uffff"))  # the font's "no glyph" box
    absent = [ch for ch in VIETNAMESE + VIETNAMESE.upper() if bytes(font.getmask(ch)) == missing]
    assert not absent, absent


@pytest.fixture
def frame(tree, hq):
    return make_frame(CampaignFactory(unit=tree.root, slug="dai-hoi"), tree.root, hq, label_size=44, label_max_width=60)


def test_the_full_name_when_it_fits_else_the_short_name(frame, tree):
    assert frames.label_layout(frame, tree.officer_unit)[0] == "Công đoàn Tổng Công ty May 10"
    long_unit = UnionFactory(parent=tree.upper, name="Công đoàn cơ sở Công ty Trách nhiệm hữu hạn Một thành viên "
                                                    "Dệt may Xuất nhập khẩu Thành phố Hồ Chí Minh", short_name="CĐCS Dệt may XNK TP.HCM")
    assert frames.label_layout(frame, long_unit)[0] == "CĐCS Dệt may XNK TP.HCM"
    assert frames.label_layout(frame, None) is None


def test_the_variant_differs_from_the_plain_frame_where_the_name_is(frame, tree):
    plain = frames.render_variant(frame)
    named = frames.render_variant(frame, tree.officer_unit)
    y = round(1080 * frame.label_y / 100)
    assert plain.crop((0, y - 30, 1080, y + 30)).tobytes() != named.crop((0, y - 30, 1080, y + 30)).tobytes()
    assert plain.getpixel((540, 540))[3] == named.getpixel((540, 540))[3] == 0  # the window stays clear


def test_an_officer_previews_any_unit_of_theirs(tree, personas, client_for):
    frame = make_frame(CampaignFactory(unit=tree.root, slug="dai-hoi"), tree.upper, personas.upper, published=False)
    client = client_for(personas.upper)
    url = reverse("frame_edit", args=[frame.campaign.slug, frame.pk])
    html = client.get(f"{url}?unit={tree.sibling_unit.pk}").content.decode()
    assert f"{frame.pk}.png?unit={tree.sibling_unit.pk}" in html and "Công đoàn Tổng Công ty May Việt Tiến" in html
    png = client.get(reverse("frame_variant", args=[frame.campaign.slug, frame.pk]) + f"?unit={tree.sibling_unit.pk}")
    assert png["Content-Type"] == "image/png" and Image.open(io.BytesIO(png.content)).size == (1080, 1080)
    assert client.get(f"{url}?code=viettien").status_code == 200
    # The officer next door cannot reach the frame of the unit above them, nor its drafts.
    assert client_for(personas.sibling).get(f"{url}?unit={tree.officer_unit.pk}").status_code == 404
