"""Flat illustrations for the demo data, drawn with Pillow at seed time.

Each picture is a small poster: a simple scene (workers, a factory, a sewing machine, hands holding
a heart, the Congress hall, Tết apricot blossoms, the union bus…) in the union's colours — blue,
red and a warm yellow — with a title band in Vietnamese. No external assets: the scenes are
shapes, the text uses a system font that has every Vietnamese glyph (DejaVu Sans on Debian).

The same title and scene always give the same picture (the random choices are seeded by both).
"""

import functools
import io
import math
import random
import zlib

SIZE_WIDE = (1200, 630)  # Open Graph card, news and story photos
SIZE_SQUARE = (1080, 1080)  # share-kit posts

BLUE = (0, 84, 166)
NAVY = (10, 45, 110)
RED = (200, 16, 46)
DARK_RED = (150, 12, 30)
YELLOW = (255, 196, 0)
GOLD = (255, 221, 87)
CREAM = (255, 246, 224)
SKY = (226, 239, 252)
WHITE = (255, 255, 255)
INK = (33, 37, 41)
SKIN = [(241, 194, 150), (224, 172, 128), (198, 144, 104)]
HAIR = (40, 30, 28)
GREEN = (46, 139, 87)
LEAF = (86, 170, 80)
BROWN = (121, 72, 40)
GREY = (150, 160, 172)
LIGHT_GREY = (214, 220, 228)

SCALE = 2  # shapes are drawn at twice the size and reduced: smooth edges without slow filters

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]
# Letters a font must draw (rather than its "missing glyph" box) to be used for the titles.
VIETNAMESE_PROBE = "ƯưƠơĂăĐđẠạẮắẦầỂểỘộỰựỹ"


@functools.cache
def font_path():
    """The first candidate font that draws every Vietnamese letter, or None."""
    from PIL import Image, ImageDraw, ImageFont

    def render(font, text):
        image = Image.new("L", (60, 60))
        ImageDraw.Draw(image).text((10, 5), text, font=font, fill=255)
        return image.tobytes()

    for path in FONT_CANDIDATES:
        try:
            font = ImageFont.truetype(path, 32)
        except OSError:
            continue
        missing = render(font, "\uffff")
        if all(render(font, letter) != missing for letter in VIETNAMESE_PROBE):
            return path
    return None


@functools.cache
def _font(size):
    from PIL import ImageFont

    path = font_path()
    return ImageFont.truetype(path, size) if path else None


# --- Drawing helpers (coordinates in the supersampled canvas) -----------------------------------


class Stage:
    """The scene's box with helpers: ``x(f)``/``y(f)`` place by fractions of the box; sizes and
    offsets from the centre scale with ``s`` (the box's height, or less in a narrow box), so one
    scene fits a wide card and a square post: a scene stays within 0.85·s of the centre line."""

    def __init__(self, draw, box, rng):
        self.draw, self.rng = draw, rng
        self.x0, self.y0, self.x1, self.y1 = box
        self.w, self.h = self.x1 - self.x0, self.y1 - self.y0
        self.s = min(self.h, self.w / 1.7)

    def x(self, f):
        return self.x0 + f * self.w

    def y(self, f):
        return self.y0 + f * self.h

    def circle(self, cx, cy, r, fill, outline=None, width=0):
        self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline, width=int(width))

    def rect(self, x0, y0, x1, y1, fill, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle([x0, y0, x1, y1], radius=int(radius), fill=fill, outline=outline, width=int(width))

    def poly(self, points, fill):
        self.draw.polygon([(float(a), float(b)) for a, b in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([(float(a), float(b)) for a, b in points], fill=fill, width=max(1, int(width)), joint="curve")


def _star(cx, cy, r, rotation=-math.pi / 2):
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = rotation + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _heart(st, cx, cy, r, fill):
    st.circle(cx - r * 0.5, cy - r * 0.2, r * 0.55, fill)
    st.circle(cx + r * 0.5, cy - r * 0.2, r * 0.55, fill)
    st.poly([(cx - r * 1.03, cy - r * 0.05), (cx + r * 1.03, cy - r * 0.05), (cx, cy + r * 1.05)], fill)


def _person(st, cx, base, height, *, shirt, woman=False, hat=None, skin=None, arms_up=False):
    """A standing figure: feet at ``base``, ``height`` tall."""
    skin = skin or SKIN[0]
    head = height * 0.13
    top = base - height
    body_top = top + head * 2.1
    # legs and body
    st.rect(cx - height * 0.11, base - height * 0.42, cx - height * 0.02, base, INK, radius=height * 0.03)
    st.rect(cx + height * 0.02, base - height * 0.42, cx + height * 0.11, base, INK, radius=height * 0.03)
    if woman:
        st.poly([(cx - height * 0.13, body_top), (cx + height * 0.13, body_top),
                 (cx + height * 0.2, base - height * 0.3), (cx - height * 0.2, base - height * 0.3)], shirt)
    else:
        st.rect(cx - height * 0.15, body_top, cx + height * 0.15, base - height * 0.36, shirt, radius=height * 0.06)
    # arms
    if arms_up:
        st.line([(cx - height * 0.13, body_top + head * 0.4), (cx - height * 0.28, top + head * 0.4)], shirt, height * 0.07)
        st.line([(cx + height * 0.13, body_top + head * 0.4), (cx + height * 0.28, top + head * 0.4)], shirt, height * 0.07)
        st.circle(cx - height * 0.28, top + head * 0.4, height * 0.04, skin)
        st.circle(cx + height * 0.28, top + head * 0.4, height * 0.04, skin)
    else:
        st.line([(cx - height * 0.14, body_top + head * 0.3), (cx - height * 0.19, base - height * 0.42)], shirt, height * 0.07)
        st.line([(cx + height * 0.14, body_top + head * 0.3), (cx + height * 0.19, base - height * 0.42)], shirt, height * 0.07)
    # head, hair, hat
    hy = top + head
    if woman:
        st.rect(cx - head * 1.05, hy - head * 0.9, cx + head * 1.05, hy + head * 1.5, HAIR, radius=head)
    st.circle(cx, hy, head, skin)
    if hat == "helmet":
        st.draw.pieslice([cx - head * 1.15, hy - head * 1.25, cx + head * 1.15, hy + head * 0.9], 180, 360, fill=YELLOW)
        st.rect(cx - head * 1.35, hy - head * 0.25, cx + head * 1.35, hy - head * 0.05, YELLOW, radius=head * 0.1)
    elif hat == "non-la":
        st.poly([(cx - head * 1.9, hy - head * 0.3), (cx + head * 1.9, hy - head * 0.3), (cx, hy - head * 2.0)], (236, 214, 160))
    elif not woman:
        st.draw.chord([cx - head, hy - head * 1.05, cx + head, hy + head * 0.6], 180, 360, fill=HAIR)


def _flag_vn(st, x, y, w, pole_color=GREY):
    h = w * 0.66
    st.line([(x, y), (x, y + h * 2.6)], pole_color, w * 0.05)
    st.rect(x, y, x + w, y + h, RED)
    st.poly(_star(x + w / 2, y + h / 2, h * 0.32), YELLOW)


def _flag_union(st, x, y, w):
    """A union flag: blue field, a yellow cog ring around a red star (a simple made-up emblem)."""
    h = w * 0.66
    st.line([(x, y), (x, y + h * 2.6)], GREY, w * 0.05)
    st.rect(x, y, x + w, y + h, BLUE)
    _emblem(st, x + w / 2, y + h / 2, h * 0.34)


def _emblem(st, cx, cy, r):
    for i in range(12):
        angle = i * math.pi / 6
        st.circle(cx + r * math.cos(angle), cy + r * math.sin(angle), r * 0.2, YELLOW)
    st.circle(cx, cy, r, YELLOW)
    st.circle(cx, cy, r * 0.78, WHITE)
    st.poly(_star(cx, cy, r * 0.62), RED)


def _mai_branch(st, x0, y0, x1, y1, width, flowers=9):
    """An apricot-blossom (hoa mai) branch from (x0, y0) to (x1, y1) with yellow five-petal flowers."""
    rng = st.rng
    st.line([(x0, y0), ((x0 + x1) / 2, (y0 + y1) / 2 + width * 2), (x1, y1)], BROWN, width)
    for _ in range(flowers):
        t = rng.uniform(0.15, 1.0)
        fx = x0 + (x1 - x0) * t + rng.uniform(-1, 1) * width * 4
        fy = y0 + (y1 - y0) * t + rng.uniform(-1, 1) * width * 4
        _mai_flower(st, fx, fy, width * rng.uniform(2.0, 3.0))
    for _ in range(flowers // 2):
        t = rng.uniform(0.2, 1.0)
        bx = x0 + (x1 - x0) * t + rng.uniform(-1, 1) * width * 5
        by = y0 + (y1 - y0) * t + rng.uniform(-1, 1) * width * 5
        st.circle(bx, by, width * 0.8, LEAF)


def _mai_flower(st, cx, cy, r):
    for i in range(5):
        angle = -math.pi / 2 + i * 2 * math.pi / 5
        st.circle(cx + r * 0.55 * math.cos(angle), cy + r * 0.55 * math.sin(angle), r * 0.5, YELLOW)
    st.circle(cx, cy, r * 0.3, (230, 120, 20))


def _lantern(st, cx, top, r):
    st.line([(cx, top - r * 1.2), (cx, top)], INK, r * 0.08)
    st.rect(cx - r * 0.5, top, cx + r * 0.5, top + r * 0.25, GOLD)
    st.draw.ellipse([cx - r, top + r * 0.2, cx + r, top + r * 1.9], fill=RED)
    st.rect(cx - r * 0.5, top + r * 1.85, cx + r * 0.5, top + r * 2.1, GOLD)
    for dx in (-0.2, 0, 0.2):
        st.line([(cx + r * dx, top + r * 2.1), (cx + r * dx, top + r * 2.7)], GOLD, r * 0.06)


def _li_xi(st, cx, cy, w):
    h = w * 1.45
    st.rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, RED, radius=w * 0.08)
    st.poly([(cx - w / 2, cy - h / 2), (cx + w / 2, cy - h / 2), (cx, cy - h * 0.15)], DARK_RED)
    st.circle(cx, cy + h * 0.12, w * 0.2, GOLD)


def _gift(st, cx, base, w, color=RED):
    h = w * 0.8
    st.rect(cx - w / 2, base - h, cx + w / 2, base, color, radius=w * 0.04)
    st.rect(cx - w * 0.56, base - h - w * 0.18, cx + w * 0.56, base - h + w * 0.02, color, radius=w * 0.04)
    st.rect(cx - w * 0.07, base - h - w * 0.18, cx + w * 0.07, base, GOLD)
    st.draw.ellipse([cx - w * 0.32, base - h - w * 0.42, cx, base - h - w * 0.14], outline=GOLD, width=int(w * 0.06))
    st.draw.ellipse([cx, base - h - w * 0.42, cx + w * 0.32, base - h - w * 0.14], outline=GOLD, width=int(w * 0.06))


def _ground(st, color=(120, 184, 110), level=0.86):
    st.rect(st.x0, st.y(level), st.x1, st.y1, color)


def _sun(st, fx=0.84, fy=0.2, r=0.11, color=GOLD):
    st.circle(st.x(fx), st.y(fy), st.s * r, color)


def _clouds(st):
    for fx, fy in ((0.14, 0.16), (0.5, 0.1)):
        cx, cy, r = st.x(fx), st.y(fy), st.s * 0.05
        for dx, dy, k in ((-1.2, 0.2, 0.8), (0, 0, 1.1), (1.2, 0.2, 0.8)):
            st.circle(cx + dx * r, cy + dy * r, r * k, WHITE)


def _confetti(st, colors=(RED, YELLOW, BLUE), count=24):
    for _ in range(count):
        x, y = st.rng.uniform(st.x0, st.x1), st.rng.uniform(st.y0, st.y1)
        r = st.s * st.rng.uniform(0.006, 0.014)
        st.circle(x, y, r, st.rng.choice(colors))


# --- Scenes -------------------------------------------------------------------------------------


def scene_factory(st):
    _clouds(st)
    _sun(st)
    _ground(st)
    base = st.y(0.86)
    left, right = st.x(0.5) - st.s * 0.75, st.x(0.5) + st.s * 0.75
    top = base - st.s * 0.42
    teeth = 5
    step = (right - left) / teeth
    for i in range(teeth):  # saw-tooth roof
        st.poly([(left + i * step, top), (left + (i + 1) * step, top - st.s * 0.14), (left + (i + 1) * step, top)], BLUE)
    st.rect(left, top, right, base, (235, 240, 247))
    for i in range(teeth):
        for row in range(2):
            x = left + i * step + step * 0.2
            y = top + st.s * (0.06 + row * 0.14)
            st.rect(x, y, x + step * 0.6, y + st.s * 0.09, (150, 200, 240), radius=st.s * 0.01)
    for fx, h in ((0.12, 0.6), (0.24, 0.5)):
        cx = left + (right - left) * fx
        st.rect(cx - st.s * 0.035, base - st.s * h, cx + st.s * 0.035, top, RED)
        for k in range(3):
            st.circle(cx + st.s * (0.05 * k + 0.02), base - st.s * (h + 0.06 + 0.07 * k), st.s * (0.035 + 0.012 * k), WHITE)
    st.rect(st.x(0.5) - st.s * 0.08, base - st.s * 0.16, st.x(0.5) + st.s * 0.08, base, NAVY)
    _flag_vn(st, right - st.s * 0.02, top - st.s * 0.38, st.s * 0.14)


def scene_workers(st):
    _sun(st, 0.5, 0.38, 0.3, (255, 232, 160))
    _ground(st, (205, 215, 230), 0.9)
    base = st.y(0.9)
    people = [(-0.5, RED, False, "helmet"), (-0.25, BLUE, True, None), (0, BLUE, False, "helmet"),
              (0.25, RED, True, None), (0.5, BLUE, False, "helmet")]
    for i, (dx, shirt, woman, hat) in enumerate(people):
        height = st.s * (0.62 if i == 2 else 0.56)
        _person(st, st.x(0.5) + dx * st.s * 1.05, base, height, shirt=shirt, woman=woman, hat=hat,
                skin=SKIN[i % len(SKIN)], arms_up=i == 2)
    _confetti(st, count=16)


def scene_sewing(st):
    st.rect(st.x0, st.y(0.78), st.x1, st.y(0.84), BROWN)  # table
    st.rect(st.x(0.5) - st.s * 0.8, st.y(0.84), st.x(0.5) - st.s * 0.74, st.y1, BROWN)
    st.rect(st.x(0.5) + st.s * 0.74, st.y(0.84), st.x(0.5) + st.s * 0.8, st.y1, BROWN)
    cx, base, s = st.x(0.45), st.y(0.78), st.s
    # fabric with a stitch line
    st.poly([(cx - s * 0.7, base), (cx + s * 0.15, base), (cx + s * 0.05, base - s * 0.05), (cx - s * 0.6, base - s * 0.06)], RED)
    for i in range(8):
        x = cx - s * 0.6 + i * s * 0.08
        st.line([(x, base - s * 0.03), (x + s * 0.04, base - s * 0.03)], WHITE, s * 0.008)
    # machine: base, pillar, arm, head, wheel
    st.rect(cx - s * 0.35, base - s * 0.08, cx + s * 0.45, base, NAVY, radius=s * 0.02)
    st.rect(cx + s * 0.22, base - s * 0.5, cx + s * 0.4, base - s * 0.08, BLUE, radius=s * 0.04)
    st.rect(cx - s * 0.25, base - s * 0.5, cx + s * 0.4, base - s * 0.36, BLUE, radius=s * 0.06)
    st.rect(cx - s * 0.3, base - s * 0.5, cx - s * 0.14, base - s * 0.22, BLUE, radius=s * 0.03)
    st.line([(cx - s * 0.22, base - s * 0.22), (cx - s * 0.22, base - s * 0.1)], LIGHT_GREY, s * 0.015)
    st.rect(cx - s * 0.05, base - s * 0.47, cx + s * 0.15, base - s * 0.42, GOLD, radius=s * 0.01)
    st.circle(cx + s * 0.46, base - s * 0.3, s * 0.09, GREY)
    st.circle(cx + s * 0.46, base - s * 0.3, s * 0.04, LIGHT_GREY)
    # thread spool on top
    st.rect(cx + s * 0.05, base - s * 0.62, cx + s * 0.13, base - s * 0.5, RED, radius=s * 0.01)
    st.line([(cx + s * 0.09, base - s * 0.62), (cx - s * 0.22, base - s * 0.36)], RED, s * 0.006)
    _lamp(st, cx - s * 0.55, base)


def _lamp(st, x, base):
    s = st.s
    st.line([(x, base), (x, base - s * 0.35), (x + s * 0.12, base - s * 0.5)], INK, s * 0.015)
    st.draw.pieslice([x + s * 0.04, base - s * 0.58, x + s * 0.24, base - s * 0.42], 0, 180, fill=YELLOW)


def scene_hands_heart(st):
    cx, cy, s = st.x(0.5), st.y(0.5), st.s
    for i in range(8):  # rays
        angle = i * math.pi / 4
        st.line([(cx + s * 0.3 * math.cos(angle), cy - s * 0.08 + s * 0.3 * math.sin(angle)),
                 (cx + s * 0.44 * math.cos(angle), cy - s * 0.08 + s * 0.44 * math.sin(angle))], GOLD, s * 0.03)
    _heart(st, cx, cy - s * 0.12, s * 0.2, RED)
    for side in (-1, 1):  # two cupped hands
        points = [(cx + side * s * 0.02, cy + s * 0.3), (cx + side * s * 0.38, cy + s * 0.12),
                  (cx + side * s * 0.42, cy), (cx + side * s * 0.3, cy + s * 0.02),
                  (cx + side * s * 0.16, cy + s * 0.1), (cx + side * s * 0.02, cy + s * 0.14)]
        st.poly(points, SKIN[1])
        st.rect(min(cx + side * s * 0.02, cx + side * s * 0.3), cy + s * 0.22,
                max(cx + side * s * 0.02, cx + side * s * 0.3), cy + s * 0.42, BLUE, radius=s * 0.03)
    _confetti(st, (RED, YELLOW), 14)


def scene_congress(st):
    s = st.s
    st.rect(st.x0, st.y0, st.x1, st.y(0.62), DARK_RED)  # backdrop
    for i in range(7):
        x = st.x0 + (i + 0.5) * st.w / 7
        st.line([(x, st.y0), (x, st.y(0.62))], RED, st.w / 40)
    st.rect(st.x(0.5) - s * 0.55, st.y(0.08), st.x(0.5) + s * 0.55, st.y(0.34), RED, radius=s * 0.02)
    _emblem(st, st.x(0.5) - s * 0.44, st.y(0.21), s * 0.08)
    _headline(st, "ĐẠI HỘI XII", st.x(0.5) + s * 0.06, st.y(0.21), s * 0.12, GOLD)
    _flag_vn(st, st.x(0.5) - s * 0.84, st.y(0.1), s * 0.18)
    _flag_union(st, st.x(0.5) + s * 0.66, st.y(0.1), s * 0.18)
    st.rect(st.x0, st.y(0.62), st.x1, st.y1, (90, 60, 50))  # floor
    st.rect(st.x(0.5) - s * 0.12, st.y(0.42), st.x(0.5) + s * 0.12, st.y(0.68), BROWN, radius=s * 0.01)  # lectern
    for c in range(3):
        _flower_pot(st, st.x(0.5) + (c - 1) * s * 0.09, st.y(0.68), s * 0.05)
    rows = [(0.82, 0.045), (0.95, 0.05)]
    for r, (fy, head) in enumerate(rows):  # delegates seen from behind
        n = int(st.w / (head * s * 3.0))
        for i in range(n):
            x = st.x0 + (i + 0.5 + 0.5 * (r % 2)) * st.w / n
            st.rect(x - head * s * 1.3, st.y(fy), x + head * s * 1.3, st.y(fy) + head * s * 3, NAVY if i % 3 else INK,
                    radius=head * s)
            st.circle(x, st.y(fy) - head * s * 0.2, head * s, HAIR)


def _flower_pot(st, cx, base, r):
    st.rect(cx - r * 0.6, base - r, cx + r * 0.6, base, BROWN)
    for dx in (-0.5, 0, 0.5):
        st.circle(cx + dx * r, base - r * 1.3, r * 0.45, RED if dx else YELLOW)


def _headline(st, text, cx, cy, size, fill):
    font = _font(int(size))
    if font is not None:
        st.draw.text((cx, cy), text, font=font, fill=fill, anchor="mm")


def scene_tet(st):
    s = st.s
    _mai_branch(st, st.x0, st.y(0.12), st.x(0.55), st.y(0.38), s * 0.025, 11)
    _mai_branch(st, st.x1, st.y(0.05), st.x(0.7), st.y(0.3), s * 0.02, 7)
    for i, fx in enumerate((0.16, 0.84)):
        _lantern(st, st.x(fx), st.y(0.42 if i else 0.5), s * 0.08)
    for i, dx in enumerate((-0.22, 0, 0.22)):
        _li_xi(st, st.x(0.5) + dx * s, st.y(0.74) + (s * 0.03 if i == 1 else 0), s * 0.13)
    _banh_chung(st, st.x(0.5) + s * 0.55, st.y(0.82), s * 0.16)
    _confetti(st, (RED, YELLOW), 20)


def _banh_chung(st, cx, cy, w):
    st.rect(cx - w / 2, cy - w / 2, cx + w / 2, cy + w / 2, GREEN, radius=w * 0.05)
    st.rect(cx - w * 0.42, cy - w * 0.42, cx + w * 0.42, cy + w * 0.42, (70, 160, 90), radius=w * 0.04)
    for f in (-0.18, 0.18):
        st.line([(cx + f * w, cy - w / 2), (cx + f * w, cy + w / 2)], (230, 80, 60), w * 0.04)
        st.line([(cx - w / 2, cy + f * w), (cx + w / 2, cy + f * w)], (230, 80, 60), w * 0.04)


def scene_bus(st):
    s = st.s
    _sun(st, 0.86, 0.2, 0.1)
    for fx, r in ((0.1, 0.32), (0.32, 0.24), (0.9, 0.3)):  # hills
        st.draw.pieslice([st.x(fx) - s * r * 1.6, st.y(0.72) - s * r, st.x(fx) + s * r * 1.6, st.y(0.72) + s * r],
                         180, 360, fill=(150, 200, 140))
    st.rect(st.x0, st.y(0.72), st.x1, st.y1, (110, 115, 125))  # road
    for i in range(10):
        x = st.x0 + i * st.w / 10
        st.rect(x, st.y(0.9), x + st.w / 20, st.y(0.92), WHITE)
    left, right = st.x(0.5) - s * 0.55, st.x(0.5) + s * 0.55
    top, bottom = st.y(0.3), st.y(0.8)
    st.rect(left, top, right, bottom, RED, radius=s * 0.06)
    st.rect(left, top + (bottom - top) * 0.62, right, top + (bottom - top) * 0.72, YELLOW)
    n = 5
    for i in range(n):
        x = left + s * 0.05 + i * (right - left - s * 0.3) / n
        st.rect(x, top + s * 0.05, x + (right - left - s * 0.3) / n - s * 0.03, top + s * 0.2, SKY, radius=s * 0.015)
    st.rect(right - s * 0.22, top + s * 0.05, right - s * 0.05, bottom - s * 0.08, SKY, radius=s * 0.02)
    for fx in (0.22, 0.78):
        wx = left + (right - left) * fx
        st.circle(wx, bottom, s * 0.08, INK)
        st.circle(wx, bottom, s * 0.035, LIGHT_GREY)
    _headline(st, "CHUYẾN XE CÔNG ĐOÀN", (left + right - s * 0.2) / 2, top + (bottom - top) * 0.67, s * 0.045, RED)
    _mai_flower(st, left + s * 0.08, top + s * 0.02, s * 0.05)
    _mai_flower(st, left + s * 0.16, top - s * 0.01, s * 0.04)


def scene_gifts(st):
    s = st.s
    _mai_branch(st, st.x0, st.y(0.1), st.x(0.45), st.y(0.28), s * 0.02, 8)
    base = st.y(0.9)
    st.rect(st.x0, base, st.x1, st.y1, (235, 215, 180))
    _gift(st, st.x(0.5) - s * 0.36, base, s * 0.34, RED)
    _gift(st, st.x(0.5) + s * 0.04, base, s * 0.42, BLUE)
    _gift(st, st.x(0.5) + s * 0.42, base, s * 0.28, RED)
    _heart(st, st.x(0.5) + s * 0.04, base - s * 0.2, s * 0.07, GOLD)
    _lantern(st, st.x(0.86), st.y(0.12), s * 0.07)


def scene_market(st):
    s = st.s
    _lantern_string(st)
    base = st.y(0.9)
    st.rect(st.x0, base, st.x1, st.y1, (200, 190, 170))
    n = 3
    width = s * 0.5
    for i in range(n):
        cx = st.x(0.5) + (i - 1) * width * 1.1
        top = base - s * 0.55
        st.rect(cx - width / 2, top + s * 0.12, cx + width / 2, base, (250, 236, 210))
        for k in range(6):  # striped awning
            x = cx - width / 2 + k * width / 6
            st.rect(x, top, x + width / 6, top + s * 0.12, RED if k % 2 == 0 else WHITE)
        st.rect(cx - width / 2, base - s * 0.22, cx + width / 2, base - s * 0.18, BROWN)
        for k in range(5):  # goods on the counter
            st.circle(cx - width * 0.4 + k * width * 0.2, base - s * 0.26, s * 0.035,
                      (YELLOW, RED, GREEN, (240, 140, 40), BLUE)[(i + k) % 5])
        _gift(st, cx, base - s * 0.3, s * 0.1, BLUE if i % 2 else RED)


def _lantern_string(st):
    s = st.s
    st.line([(st.x0, st.y(0.06)), (st.x(0.5), st.y(0.14)), (st.x1, st.y(0.06))], INK, s * 0.006)
    for i in range(1, 8):
        f = i / 8
        y = st.y(0.06) + (st.y(0.14) - st.y(0.06)) * (1 - abs(2 * f - 1))
        _lantern(st, st.x(f), y + s * 0.03, s * 0.035)


def scene_meal(st):
    s = st.s
    st.rect(st.x0, st.y(0.55), st.x1, st.y1, (230, 200, 150))
    for i, dx in enumerate((-0.45, 0, 0.45)):
        cx, cy = st.x(0.5) + dx * s, st.y(0.68)
        st.draw.ellipse([cx - s * 0.2, cy - s * 0.05, cx + s * 0.2, cy + s * 0.05], fill=WHITE)
        st.draw.pieslice([cx - s * 0.16, cy - s * 0.16, cx + s * 0.16, cy + s * 0.16], 0, 180, fill=BLUE if i % 2 else RED)
        st.draw.chord([cx - s * 0.15, cy - s * 0.08, cx + s * 0.15, cy + s * 0.06], 180, 360, fill=WHITE)
        for k in (-1, 1):  # steam
            st.line([(cx + k * s * 0.05, cy - s * 0.1), (cx + k * s * 0.07, cy - s * 0.18), (cx + k * s * 0.05, cy - s * 0.26)],
                    LIGHT_GREY, s * 0.012)
    st.line([(st.x(0.5) + s * 0.62, st.y(0.85)), (st.x(0.5) + s * 0.9, st.y(0.6))], BROWN, s * 0.015)
    st.line([(st.x(0.5) + s * 0.66, st.y(0.86)), (st.x(0.5) + s * 0.94, st.y(0.62))], BROWN, s * 0.015)
    st.circle(st.x(0.5) - s * 0.78, st.y(0.8), s * 0.09, GREEN)
    _sun(st, 0.5, 0.22, 0.1, GOLD)


def scene_cutting(st):
    s = st.s
    st.rect(st.x0, st.y(0.45), st.x1, st.y1, (240, 232, 215))
    cx, cy = st.x(0.5) - s * 0.12, st.y(0.68)
    st.rect(cx - s * 0.55, cy - s * 0.2, cx + s * 0.55, cy + s * 0.22, (70, 110, 170), radius=s * 0.01)
    for points in ([(-0.5, -0.15), (-0.2, -0.15), (-0.15, 0.17), (-0.5, 0.17)],
                   [(-0.12, -0.15), (0.2, -0.15), (0.15, 0.17), (-0.08, 0.17)],
                   [(0.24, -0.15), (0.5, -0.15), (0.5, 0.17), (0.2, 0.17)]):
        st.draw.polygon([(cx + a * s, cy + b * s) for a, b in points], outline=WHITE, width=int(s * 0.008))
    sx, sy = cx + s * 0.62, cy - s * 0.42  # scissors
    st.line([(sx - s * 0.22, sy + s * 0.22), (sx + s * 0.05, sy - s * 0.02)], GREY, s * 0.035)
    st.line([(sx - s * 0.22, sy - s * 0.02), (sx + s * 0.05, sy + s * 0.22)], GREY, s * 0.035)
    st.circle(sx + s * 0.1, sy - s * 0.06, s * 0.06, None, RED, s * 0.025)
    st.circle(sx + s * 0.1, sy + s * 0.26, s * 0.06, None, RED, s * 0.025)
    _bulb(st, st.x(0.5) - s * 0.3, st.y(0.2), s * 0.12)


def _bulb(st, cx, cy, r):
    for i in range(7):
        angle = math.pi + i * math.pi / 6
        st.line([(cx + r * 1.3 * math.cos(angle), cy + r * 1.3 * math.sin(angle)),
                 (cx + r * 1.7 * math.cos(angle), cy + r * 1.7 * math.sin(angle))], YELLOW, r * 0.12)
    st.circle(cx, cy, r, GOLD)
    st.rect(cx - r * 0.45, cy + r * 0.8, cx + r * 0.45, cy + r * 1.3, GREY, radius=r * 0.1)


def scene_blood(st):
    s = st.s
    cx, cy = st.x(0.5), st.y(0.52)
    st.poly([(cx, cy - s * 0.4), (cx - s * 0.22, cy + s * 0.02), (cx + s * 0.22, cy + s * 0.02)], RED)
    st.circle(cx, cy + s * 0.06, s * 0.23, RED)
    st.rect(cx - s * 0.04, cy - s * 0.02, cx + s * 0.04, cy + s * 0.18, WHITE)
    st.rect(cx - s * 0.1, cy + s * 0.04, cx + s * 0.1, cy + s * 0.12, WHITE)
    for dx in (-0.55, 0.55):
        _heart(st, cx + dx * s, cy + s * 0.05, s * 0.1, (240, 110, 120))
    _confetti(st, (RED, (240, 110, 120)), 10)


def scene_filter(st):
    """Phone, speech bubbles and a magnifying glass: the information-filter lessons."""
    s = st.s
    cx, cy = st.x(0.42), st.y(0.52)
    st.rect(cx - s * 0.2, cy - s * 0.4, cx + s * 0.2, cy + s * 0.4, INK, radius=s * 0.05)
    st.rect(cx - s * 0.17, cy - s * 0.34, cx + s * 0.17, cy + s * 0.32, WHITE, radius=s * 0.02)
    for k, color in enumerate((BLUE, RED, LIGHT_GREY)):
        y = cy - s * 0.28 + k * s * 0.2
        st.rect(cx - s * 0.14, y, cx + s * (0.1 if k % 2 == 0 else 0.14), y + s * 0.13, color, radius=s * 0.02)
    mx, my, r = cx + s * 0.3, cy - s * 0.02, s * 0.16
    st.line([(mx + r * 0.7, my + r * 0.7), (mx + r * 1.7, my + r * 1.7)], BROWN, s * 0.05)
    st.circle(mx, my, r, (220, 236, 252), NAVY, s * 0.035)
    st.line([(mx - r * 0.45, my), (mx - r * 0.1, my + r * 0.35), (mx + r * 0.5, my - r * 0.35)], GREEN, s * 0.035)
    st.circle(st.x(0.5) - s * 0.7, st.y(0.3), s * 0.08, RED)
    st.line([(st.x(0.5) - s * 0.75, st.y(0.25)), (st.x(0.5) - s * 0.65, st.y(0.35))], WHITE, s * 0.02)
    st.line([(st.x(0.5) - s * 0.65, st.y(0.25)), (st.x(0.5) - s * 0.75, st.y(0.35))], WHITE, s * 0.02)


def scene_music(st):
    s = st.s
    cx, cy = st.x(0.5), st.y(0.45)
    st.rect(cx - s * 0.1, cy - s * 0.3, cx + s * 0.1, cy + s * 0.05, GREY, radius=s * 0.1)
    for k in range(4):
        st.line([(cx - s * 0.08, cy - s * 0.22 + k * s * 0.06), (cx + s * 0.08, cy - s * 0.22 + k * s * 0.06)], LIGHT_GREY, s * 0.01)
    st.draw.arc([cx - s * 0.16, cy - s * 0.15, cx + s * 0.16, cy + s * 0.15], 0, 180, fill=INK, width=int(s * 0.02))
    st.line([(cx, cy + s * 0.15), (cx, cy + s * 0.35)], INK, s * 0.02)
    st.rect(cx - s * 0.12, cy + s * 0.34, cx + s * 0.12, cy + s * 0.38, INK, radius=s * 0.01)
    for dx, dy, color in ((-0.45, -0.15, RED), (0.42, -0.25, BLUE), (0.6, 0.1, RED), (-0.65, 0.15, BLUE)):
        _note(st, cx + dx * s, cy + dy * s, s * 0.06, color)


def _note(st, x, y, r, color):
    st.draw.ellipse([x - r, y - r * 0.7, x + r, y + r * 0.7], fill=color)
    st.line([(x + r * 0.9, y), (x + r * 0.9, y - r * 3.2)], color, r * 0.3)
    st.line([(x + r * 0.9, y - r * 3.2), (x + r * 2.2, y - r * 2.4)], color, r * 0.3)


def scene_camera(st):
    s = st.s
    cx, cy = st.x(0.45), st.y(0.5)
    st.rect(cx - s * 0.34, cy - s * 0.18, cx + s * 0.2, cy + s * 0.2, NAVY, radius=s * 0.04)
    st.poly([(cx + s * 0.2, cy - s * 0.04), (cx + s * 0.42, cy - s * 0.16), (cx + s * 0.42, cy + s * 0.18),
             (cx + s * 0.2, cy + s * 0.06)], BLUE)
    st.circle(cx - s * 0.22, cy - s * 0.3, s * 0.12, GREY)
    st.circle(cx + s * 0.02, cy - s * 0.3, s * 0.12, GREY)
    st.circle(cx - s * 0.22, cy - s * 0.3, s * 0.05, LIGHT_GREY)
    st.circle(cx + s * 0.02, cy - s * 0.3, s * 0.05, LIGHT_GREY)
    st.circle(cx - s * 0.26, cy + s * 0.1, s * 0.03, RED)
    st.poly([(cx + s * 0.6, cy - s * 0.1), (cx + s * 0.6, cy + s * 0.12), (cx + s * 0.78, cy + s * 0.01)], RED)


def scene_sport(st):
    s = st.s
    _sun(st, 0.12, 0.18, 0.08)
    st.rect(st.x0, st.y(0.62), st.x1, st.y1, (90, 170, 90))
    for i in range(6):
        x = st.x0 + i * st.w / 6
        st.rect(x, st.y(0.62), x + st.w / 12, st.y1, (100, 182, 100))
    gx = st.x(0.5) + s * 0.45
    st.rect(gx - s * 0.3, st.y(0.3), gx + s * 0.3, st.y(0.33), WHITE)
    st.rect(gx - s * 0.3, st.y(0.3), gx - s * 0.27, st.y(0.75), WHITE)
    st.rect(gx + s * 0.27, st.y(0.3), gx + s * 0.3, st.y(0.75), WHITE)
    _person(st, st.x(0.5) - s * 0.35, st.y(0.88), s * 0.55, shirt=RED, arms_up=True)
    _person(st, st.x(0.5) - s * 0.05, st.y(0.86), s * 0.5, shirt=BLUE)
    bx, by, r = st.x(0.5) + s * 0.2, st.y(0.8), s * 0.06
    st.circle(bx, by, r, WHITE, INK, s * 0.008)
    st.poly([(bx + r * 0.5 * math.cos(a), by + r * 0.5 * math.sin(a)) for a in
             [(-math.pi / 2 + k * 2 * math.pi / 5) for k in range(5)]], INK)


def scene_home(st):
    s = st.s
    _sun(st)
    _ground(st, (150, 200, 130), 0.85)
    cx, base = st.x(0.5), st.y(0.85)
    for i, dx in enumerate((-0.42, 0, 0.42)):
        x = cx + dx * s
        st.rect(x - s * 0.18, base - s * 0.32, x + s * 0.18, base, (250, 236, 210))
        st.poly([(x - s * 0.23, base - s * 0.32), (x + s * 0.23, base - s * 0.32), (x, base - s * 0.52)], RED if i != 1 else BLUE)
        st.rect(x - s * 0.05, base - s * 0.16, x + s * 0.05, base, BROWN)
        st.rect(x + s * 0.08, base - s * 0.25, x + s * 0.15, base - s * 0.18, SKY)
    _heart(st, cx, base - s * 0.68, s * 0.09, RED)


SCENES = {
    "factory": scene_factory, "workers": scene_workers, "sewing": scene_sewing, "hands": scene_hands_heart,
    "congress": scene_congress, "tet": scene_tet, "bus": scene_bus, "gifts": scene_gifts, "market": scene_market,
    "meal": scene_meal, "cutting": scene_cutting, "blood": scene_blood, "filter": scene_filter,
    "music": scene_music, "camera": scene_camera, "sport": scene_sport, "home": scene_home,
}
BACKGROUNDS = {"congress": CREAM, "tet": CREAM, "gifts": CREAM, "market": CREAM, "meal": CREAM, "hands": CREAM,
               "blood": CREAM, "music": CREAM, "camera": SKY, "filter": SKY}


# --- Poster -------------------------------------------------------------------------------------


def _wrap(draw, text, font, width, max_lines):
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines if len(lines) <= max_lines else None


def _fit_title(draw, text, width, height, sizes):
    """The largest font (of ``sizes``) at which ``text`` fits in at most 3 lines of ``width`` and
    ``height`` pixels, with its lines."""
    for size in sizes:
        font = _font(size)
        lines = _wrap(draw, text, font, width, 3)
        if lines and len(lines) * size * LINE_HEIGHT <= height:
            return font, lines
    font = _font(sizes[-1])
    return font, (_wrap(draw, text, font, width, 99) or [text])[:3]


LINE_HEIGHT = 1.18


def poster(title, scene, *, size=SIZE_WIDE, kicker="CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM", fmt="JPEG"):
    """The picture as bytes (JPEG, or PNG): ``scene`` (a key of ``SCENES``) above a title band."""
    from PIL import Image, ImageDraw

    width, height = size
    band = int(height * (0.27 if width > height else 0.3))
    rng = random.Random(zlib.crc32(f"{scene}|{title}".encode()))  # noqa: S311 - picture layout, not security
    big = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUNDS.get(scene, SKY))
    stage = Stage(ImageDraw.Draw(big), (0, 0, width * SCALE, (height - band) * SCALE), rng)
    SCENES[scene](stage)
    image = big.reduce(SCALE)
    draw = ImageDraw.Draw(image)
    strip = max(6, height // 90)
    draw.rectangle([0, height - band, width, height], fill=NAVY)
    draw.rectangle([0, height - band - strip, width, height - band], fill=RED)
    draw.rectangle([0, height - strip, width, height], fill=YELLOW)
    if font_path():
        margin = width // 24
        small = _font(max(14, height // 34))
        draw.text((margin, height - band + band * 0.12), kicker, font=small, fill=GOLD)
        top = height - band + band * 0.12 + small.size * 1.5
        room = height - strip - top - band * 0.06
        font, lines = _fit_title(draw, title, width - 2 * margin, room, range(height // 13, height // 30, -2))
        line_height = font.size * LINE_HEIGHT
        top += max(0, (room - line_height * len(lines)) / 2)
        for i, line in enumerate(lines):
            draw.text((margin, top + i * line_height), line, font=font, fill=WHITE)
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=False)
    else:
        image.save(out, "JPEG", quality=84, optimize=True)
    return out.getvalue()
