"""A character on the canvas: local units and drawing helpers, shared face parts, and drawing by kind."""

from __future__ import annotations

import math
import random

from .accessories import Accessories
from .bodies import Bodies
from .canvas import Canvas
from .looks import Look
from .palette import RGB, mix, shade


class Figure(Accessories, Bodies):
    """One character in local units: x right (towards ``facing``), y up, 100 = body height."""

    def __init__(
        self, cv: Canvas, cx: float, gy: float, u: float, facing: int, look: Look, pose: random.Random, tint: float
    ):
        self.cv, self.cx, self.gy, self.u, self.f = cv, cx, gy, u, facing
        self.look = look
        self.pose = pose
        self.tint_amount = tint
        self.weight = 0.9
        #: Black-and-white pages draw faces pale, as manga does.
        self.pale_skin = False

    # -- coordinate helpers
    def P(self, x: float, y: float) -> tuple[float, float]:
        return (self.cx + x * self.u * self.f, self.gy - y * self.u)

    def pts(self, seq):
        return [self.P(x, y) for x, y in seq]

    def col(self, c: RGB) -> RGB:
        if self.tint_amount:
            return mix(c, shade(mix(c, (50, 60, 120), 0.5), 0.7), self.tint_amount)
        return c

    def el(self, x, y, rx, ry, fill, outline=True, weight=None):
        cx, cy = self.P(x, y)
        self.cv.ellipse(
            cx,
            cy,
            rx * self.u,
            ry * self.u,
            self.col(fill) if fill else None,
            outline,
            self.weight if weight is None else weight,
        )

    def poly(self, seq, fill, outline=True, weight=None):
        self.cv.poly(
            self.pts(seq), self.col(fill) if fill else None, outline, self.weight if weight is None else weight
        )

    def limb(self, seq, width, fill, outline=True):
        self.cv.limb(self.pts(seq), width * self.u, self.col(fill), outline, self.weight)

    def ink_line(self, seq, width, colour=None):
        self.cv.line(self.pts(seq), self.col(colour) if colour else self.cv.ink, max(1.0, width * self.u))

    def dot(self, x, y, r, colour):
        cx, cy = self.P(x, y)
        r *= self.u
        self.cv.d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=self.col(colour))

    # -- shared parts
    def eyes(self, x, y, spacing, size, colour=None, lashes=False):
        for side in (-1, 1):
            ex = x + side * spacing
            self.el(ex, y, size * 0.78, size, (255, 255, 255) if colour else (40, 32, 44), outline=False)
            if colour:
                self.el(ex + 0.25 * size, y - 0.1 * size, size * 0.62, size * 0.8, colour, outline=False)
                self.el(ex + 0.3 * size, y - 0.1 * size, size * 0.34, size * 0.45, (30, 26, 34), outline=False)
            self.dot(ex + size * 0.3, y + size * 0.38, size * 0.3, (255, 255, 255))
            if lashes:
                self.ink_line(
                    [(ex + side * size * 0.55, y + size * 0.7), (ex + side * size * 1.05, y + size * 1.1)], size * 0.22
                )

    def smile(self, x, y, w, open_mouth=False):
        if open_mouth:
            pts = [
                (x - w, y + w * 0.15),
                *[(x + w * math.cos(a), y - w * 0.7 * math.sin(a)) for a in [math.pi * k / 8 for k in range(9)]][::-1],
            ]
            self.poly(pts, (170, 60, 70), outline=True, weight=0.5)
            return
        pts = [(x + w * math.cos(a), y + w * 0.55 * (-math.sin(a))) for a in [math.pi * (k / 8) for k in range(9)]]
        self.ink_line(pts, 0.9)

    def cheeks(self, x, y, spacing, base):
        blush = mix(base, (255, 120, 130), 0.45)
        for side in (-1, 1):
            self.el(x + side * spacing, y, 2.6, 1.6, blush, outline=False)

    def pattern_on(self, cx, cy, rx, ry, colour):
        look = self.look
        if look.pattern == "spots":
            for dx, dy, r in ((-0.4, 0.2, 0.18), (0.3, 0.4, 0.14), (0.1, -0.3, 0.2), (-0.2, -0.55, 0.12)):
                self.el(cx + dx * rx, cy + dy * ry, r * rx, r * rx, colour, outline=False)
        elif look.pattern == "stripes":
            for k in range(-2, 3):
                y = cy + k * ry * 0.3
                self.limb([(cx - rx * 0.9, y + ry * 0.06), (cx - rx * 0.6, y)], 2.2, colour, outline=False)

    def star(self, x, y, r, colour):
        pts = []
        for k in range(10):
            ang = math.pi / 2 + k * math.pi / 5
            rr = r if k % 2 == 0 else r * 0.45
            pts.append((x + math.cos(ang) * rr, y + math.sin(ang) * rr))
        self.poly(pts, colour, outline=False)

    # -- bodies
    def draw(self):
        getattr(self, "draw_" + self.look.kind)()
