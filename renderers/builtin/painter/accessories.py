"""What a character wears or carries: cape, backpack, scarf, glasses, hats, crown and bow."""

from __future__ import annotations

import math

from .canvas import qbez
from .palette import lighten, shade


class Accessories:
    """Worn things; mixed into :class:`~.figures.Figure` (draws with its local-unit helpers)."""

    def accessory_behind(self, neck: tuple[float, float], shoulder_w: float, hem_y: float):
        look = self.look
        cape = look.accessory("cape")
        if cape:
            nx, ny = neck
            self.poly(
                [
                    (nx - shoulder_w * 0.9, ny + 2),
                    *qbez(
                        (nx - shoulder_w * 1.5, ny - 10),
                        (nx - shoulder_w * 2.1, hem_y + 12),
                        (nx - shoulder_w * 2.0 - 2, hem_y),
                        6,
                    ),
                    (nx + shoulder_w * 1.7, hem_y + 1),
                    (nx + shoulder_w * 1.2, ny - 6),
                    (nx + shoulder_w * 0.9, ny + 2),
                ],
                cape[1],
            )
        bag = look.accessory("backpack")
        if bag:
            nx, ny = neck
            self.cv.rrect(
                *self.P(nx - shoulder_w - 9, ny - 4),
                *self.P(nx - shoulder_w + 4, ny - 26),
                2.5 * self.u,
                self.col(bag[1]),
                True,
                self.weight,
            )
            self.cv.rrect(
                *self.P(nx - shoulder_w - 9.5, ny - 14),
                *self.P(nx - shoulder_w - 2, ny - 24),
                2 * self.u,
                self.col(shade(bag[1], 0.85)),
                True,
                self.weight * 0.7,
            )

    def scarf(self, x, y, w):
        item = self.look.accessory("scarf")
        if not item:
            return
        colour, second, variant = item[1], item[2], item[3]
        # Hanging end on the far side first, then the wrap.
        tail = [(x - w * 0.55, y - 1), (x - w * 0.2, y - 1), (x - w * 0.25, y - 16), (x - w * 0.6, y - 15.5)]
        self.poly(tail, colour)
        if variant == "striped":
            for k in range(1, 4):
                ty = y - 1 - k * 3.8
                self.poly(
                    [(x - w * 0.56, ty), (x - w * 0.21, ty), (x - w * 0.22, ty - 1.6), (x - w * 0.57, ty - 1.6)],
                    second,
                    outline=False,
                )
        self.cv.rrect(
            *self.P(-w + x, y + 3.2), *self.P(w + x, y - 3.2), 3 * self.u, self.col(colour), True, self.weight
        )
        if variant == "striped":
            for k in range(-2, 3):
                sx = x + k * w * 0.38
                self.poly(
                    [(sx - 1.1, y + 2.6), (sx + 1.1, y + 2.6), (sx + 1.1, y - 2.6), (sx - 1.1, y - 2.6)],
                    second,
                    outline=False,
                )
        # Fringe.
        for k in range(3):
            fx = x - w * 0.55 + k * w * 0.15
            self.ink_line([(fx, y - 15.7), (fx - 0.2, y - 17.6)], 0.6, shade(colour, 0.8))

    def glasses(self, x, y, spacing, r):
        item = self.look.accessory("glasses")
        if not item:
            return
        lw = max(1.0, 0.9 * self.u)
        frame = self.cv.ink if self.cv.style != "none" else (60, 50, 60)
        for side in (-1, 1):
            cx, cy = self.P(x + side * spacing, y)
            rr = r * self.u
            if item[3] == "goggles":
                self.cv.d.ellipse(
                    [cx - rr, cy - rr, cx + rr, cy + rr], outline=self.col((150, 110, 60)), width=int(lw * 2)
                )
            else:
                self.cv.d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=frame, width=int(lw))
        self.cv.line([self.P(x - spacing + r, y), self.P(x + spacing - r, y)], frame, lw)

    def headwear(self, hx, top, r):
        """Hat or crown on a head centred at ``hx`` whose top is at ``top`` with radius ``r``."""
        look = self.look
        hat = look.accessory("hat")
        if hat:
            colour, variant = hat[1], hat[3]
            band = look.accent if look.accent != colour else lighten(colour, 0.5)
            if variant == "pointy":
                brim_y = top - r * 0.22
                self.poly(
                    [
                        (hx - r * 0.78, brim_y),
                        (hx - r * 0.2, brim_y + r * 0.9),
                        (hx + r * 0.45, brim_y + r * 1.45),
                        (hx + r * 0.3, brim_y + r * 0.8),
                        (hx + r * 0.75, brim_y),
                    ],
                    colour,
                )
                self.el(hx, brim_y, r * 1.45, r * 0.26, colour)
                self.poly(
                    [
                        (hx - r * 0.7, brim_y + r * 0.05),
                        (hx + r * 0.7, brim_y + r * 0.05),
                        (hx + r * 0.64, brim_y + r * 0.25),
                        (hx - r * 0.66, brim_y + r * 0.25),
                    ],
                    band,
                    outline=False,
                )
                self.star(hx + r * 0.05, brim_y + r * 0.7, r * 0.16, (255, 220, 90))
            elif variant == "tricorn":
                brim_y = top - r * 0.15
                self.poly(
                    [
                        (hx - r * 1.3, brim_y + r * 0.35),
                        (hx - r * 0.7, brim_y - r * 0.05),
                        (hx + r * 0.7, brim_y - r * 0.05),
                        (hx + r * 1.3, brim_y + r * 0.35),
                        (hx + r * 0.5, brim_y + r * 0.65),
                        (hx, brim_y + r * 0.75),
                        (hx - r * 0.5, brim_y + r * 0.65),
                    ],
                    colour,
                )
                self.poly(
                    [
                        (hx - r * 0.6, brim_y + r * 0.3),
                        (hx + r * 0.6, brim_y + r * 0.3),
                        (hx + r * 0.5, brim_y + r * 0.42),
                        (hx - r * 0.5, brim_y + r * 0.42),
                    ],
                    (236, 200, 90),
                    outline=False,
                )
            elif variant == "chef":
                brim_y = top - r * 0.2
                self.poly(
                    [
                        (hx - r * 0.6, brim_y),
                        (hx + r * 0.6, brim_y),
                        (hx + r * 0.6, brim_y + r * 0.5),
                        (hx - r * 0.6, brim_y + r * 0.5),
                    ],
                    colour,
                )
                self.el(hx, brim_y + r * 0.8, r * 0.8, r * 0.5, colour)
            elif variant == "beanie":
                pts = [
                    (hx + r * 1.02 * math.cos(a), top - r + r * 1.02 * math.sin(a))
                    for a in [math.pi * k / 16 for k in range(17)]
                ]
                self.poly(pts, colour)
                self.cv.rrect(
                    *self.P(hx - r * 1.05, top - r * 0.72),
                    *self.P(hx + r * 1.05, top - r * 1.05),
                    2 * self.u,
                    self.col(shade(colour, 0.85)),
                    True,
                    self.weight,
                )
                self.el(hx, top + r * 0.08, r * 0.22, r * 0.22, lighten(colour, 0.6))
            elif variant == "cap":
                pts = [
                    (hx + r * 1.0 * math.cos(a), top - r * 0.85 + r * 0.95 * math.sin(a))
                    for a in [math.pi * k / 16 for k in range(17)]
                ]
                self.poly(pts, colour)
                self.poly(
                    [
                        (hx + r * 0.5, top - r * 0.8),
                        (hx + r * 1.55, top - r * 0.85),
                        (hx + r * 1.5, top - r * 0.72),
                        (hx + r * 0.5, top - r * 0.6),
                    ],
                    shade(colour, 0.85),
                )
            elif variant == "top":
                brim_y = top - r * 0.2
                self.poly(
                    [
                        (hx - r * 0.62, brim_y),
                        (hx - r * 0.58, brim_y + r * 1.0),
                        (hx + r * 0.58, brim_y + r * 1.0),
                        (hx + r * 0.62, brim_y),
                    ],
                    colour,
                )
                self.el(hx, brim_y, r * 1.1, r * 0.18, colour)
                self.poly(
                    [
                        (hx - r * 0.61, brim_y + r * 0.12),
                        (hx + r * 0.61, brim_y + r * 0.12),
                        (hx + r * 0.6, brim_y + r * 0.3),
                        (hx - r * 0.6, brim_y + r * 0.3),
                    ],
                    band,
                    outline=False,
                )
            elif variant == "headband":
                # A band tied round the forehead, its two ends fluttering out to one side.
                self.poly(
                    [
                        (hx - r * 0.8, top - r * 0.3),
                        (hx + r * 0.8, top - r * 0.3),
                        (hx + r * 0.92, top - r * 0.56),
                        (hx - r * 0.92, top - r * 0.56),
                    ],
                    colour,
                )
                self.poly(
                    [(hx + r * 0.86, top - r * 0.36), (hx + r * 1.45, top - r * 0.22), (hx + r * 1.38, top - r * 0.46)],
                    colour,
                )
                self.poly(
                    [(hx + r * 0.88, top - r * 0.5), (hx + r * 1.4, top - r * 0.78), (hx + r * 1.22, top - r * 0.86)],
                    colour,
                )
            elif variant == "helmet":
                pts = [
                    (hx + r * 1.08 * math.cos(a), top - r * 0.95 + r * 1.1 * math.sin(a))
                    for a in [math.pi * k / 16 for k in range(17)]
                ]
                self.poly(pts, colour)
                self.poly(
                    [
                        (hx - 1, top + r * 0.1),
                        (hx + 1, top + r * 0.1),
                        (hx + 1.5, top - r * 0.9),
                        (hx - 1.5, top - r * 0.9),
                    ],
                    shade(colour, 0.85),
                    outline=False,
                )
            else:  # brim
                brim_y = top - r * 0.25
                self.poly(
                    [
                        (hx - r * 0.7, brim_y),
                        (hx - r * 0.6, brim_y + r * 0.62),
                        (hx + r * 0.6, brim_y + r * 0.62),
                        (hx + r * 0.7, brim_y),
                    ],
                    colour,
                )
                self.el(hx, brim_y, r * 1.35, r * 0.22, colour)
                self.poly(
                    [
                        (hx - r * 0.69, brim_y + r * 0.06),
                        (hx + r * 0.69, brim_y + r * 0.06),
                        (hx + r * 0.66, brim_y + r * 0.24),
                        (hx - r * 0.67, brim_y + r * 0.24),
                    ],
                    band,
                    outline=False,
                )
            return
        crown = look.accessory("crown")
        if crown:
            base_y = top - r * 0.15
            w = r * 0.62
            pts = [
                (hx - w, base_y),
                (hx - w, base_y + r * 0.45),
                (hx - w * 0.5, base_y + r * 0.22),
                (hx, base_y + r * 0.55),
                (hx + w * 0.5, base_y + r * 0.22),
                (hx + w, base_y + r * 0.45),
                (hx + w, base_y),
            ]
            self.poly(pts, crown[1])
            self.dot(hx, base_y + r * 0.14, r * 0.08, (220, 60, 90))

    def bow(self, x, y, s):
        item = self.look.accessory("bow")
        if not item:
            return
        c = item[1]
        self.poly([(x, y), (x - s, y + s * 0.6), (x - s, y - s * 0.6)], c, weight=0.6)
        self.poly([(x, y), (x + s, y + s * 0.6), (x + s, y - s * 0.6)], c, weight=0.6)
        self.el(x, y, s * 0.3, s * 0.3, shade(c, 0.85), weight=0.6)
