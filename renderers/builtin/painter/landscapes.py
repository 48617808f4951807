"""Open-country settings: meadow, forest, sea (beach, lake, harbour), mountain, desert and snow, with their props."""

from __future__ import annotations

import math

from .canvas import CALM_TOP, ellipse_points
from .palette import RGB, lighten, mix, shade


class Landscapes:
    """Hills, trees and shores; mixed into :class:`~.painting._Painting` (uses its canvas, rng, scene, sizes)."""

    # ---------------------------------------------------------------- land
    def ridge(
        self,
        base_y: float,
        amp: float,
        colour: RGB,
        waves: float = 1.5,
        outline: bool = False,
        weight: float = 0.7,
        bottom: float | None = None,
    ) -> list[tuple[float, float]]:
        rng = self.rng
        ph1, ph2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
        n = 40
        pts = []
        for k in range(n + 1):
            x = self.W * k / n
            t = k / n
            y = base_y - amp * (
                0.6 * math.sin(t * math.pi * waves + ph1) + 0.4 * math.sin(t * math.pi * waves * 2.3 + ph2)
            )
            pts.append((x, y))
        bottom = self.H + 4 if bottom is None else bottom
        poly = [(-4, bottom), (-4, pts[0][1]), *pts, (self.W + 4, pts[-1][1]), (self.W + 4, bottom)]
        self.cv.poly(poly, colour, outline=False)
        if outline and self.cv.outline_on(True):
            if self.cv.style == "sketch":
                self.cv.sketch_stroke(pts, weight, closed=False)
            else:
                self.cv.line(pts, self.cv.ink, self.cv._w(weight))
        return pts

    def ground_colour(self, base: RGB) -> RGB:
        return self.land(base)

    def land(self, base: RGB, amount: float = 0.35) -> RGB:
        """Ground, hills and slopes: tinted by the palette, or under snow in winter."""
        if self.scene.wintry:
            return self.tone(mix(base, mix((244, 248, 255), self.pal[1], 0.15), 0.86))
        return self.tone(self.tint(base, 2, amount))

    def mountains(self, layers=((0.62, 0.55, 0.25, 0.36), (0.68, 0.3, 0.18, 0.28))) -> None:
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        for layer, (base_frac, tint, hmin, hmax) in enumerate(layers):
            rock = self.tone(mix(mix((120, 130, 160), self.pal[5], 0.2), sky_low, tint))
            n = rng.randint(2, 3) + layer
            for k in range(n):
                cx = self.W * (k + rng.uniform(0.2, 0.8)) / n
                h = self.H * rng.uniform(hmin, hmax)
                peak_y = max(self.H * (CALM_TOP + 0.03), self.H * base_frac - h)
                half = self.W * rng.uniform(0.22, 0.32)
                base = self.H * base_frac + 2
                cv.poly(
                    [
                        (cx - half, base),
                        (cx - half * 0.1, peak_y),
                        (cx + half * 0.08, peak_y + h * 0.03),
                        (cx + half, base),
                    ],
                    rock,
                    outline=layer == 1,
                    weight=0.6,
                )
                # Skirt below the foot so no sky shows under it before the slopes cover it.
                cv.poly(
                    [
                        (cx - half, base - 1),
                        (cx + half, base - 1),
                        (cx + half * 1.05, base + self.H * 0.12),
                        (cx - half * 1.05, base + self.H * 0.12),
                    ],
                    rock,
                    outline=False,
                )
                snow_y = peak_y + (base - peak_y) * (0.28 if not self.scene.wintry else 0.5)
                snow = self.tone((250, 252, 255))
                f = (snow_y - peak_y) / (base - peak_y)
                lx = cx - half * 0.1 - (half * 0.9) * f
                rx = cx + half * 0.08 + (half * 0.92) * f
                cv.poly(
                    [
                        (cx - half * 0.1, peak_y),
                        (cx + half * 0.08, peak_y + h * 0.03),
                        (rx, snow_y),
                        (rx - (rx - lx) * 0.25, snow_y - h * 0.05),
                        (cx, snow_y + h * 0.02),
                        (lx + (rx - lx) * 0.2, snow_y - h * 0.04),
                        (lx, snow_y),
                    ],
                    snow,
                    outline=False,
                )

    def backdrop_extras(self) -> None:
        """Far scenery named in the prompt besides the main setting (mountains on the horizon)."""
        if "mountain" in self.scene.extras:
            self.mountains(((self.horizon / self.H + 0.02, 0.55, 0.2, 0.3),))

    def flowers(self, y0: float, y1: float, count: int) -> None:
        if self.scene.wintry:
            return
        cv, rng = self.cv, self.rng
        petals = [self.pal[3], self.pal[4], (255, 255, 255), (250, 180, 210), (255, 214, 90)]
        for _ in range(count):
            x = rng.uniform(0, self.W)
            y = rng.uniform(y0, y1)
            r = cv.unit * rng.uniform(2.2, 3.4) * (0.6 + 0.6 * (y - y0) / max(1, y1 - y0))
            c = self.tone(rng.choice(petals))
            for a in range(5):
                ang = a * 2 * math.pi / 5
                px, py = x + math.cos(ang) * r, y + math.sin(ang) * r
                cv.d.ellipse([px - r * 0.75, py - r * 0.75, px + r * 0.75, py + r * 0.75], fill=c)
            cv.d.ellipse([x - r * 0.55, y - r * 0.55, x + r * 0.55, y + r * 0.55], fill=self.tone((250, 200, 60)))

    def tufts(self, y0: float, y1: float, count: int, colour: RGB) -> None:
        if self.scene.wintry:
            return
        cv, rng = self.cv, self.rng
        for _ in range(count):
            x = rng.uniform(0, self.W)
            y = rng.uniform(y0, y1)
            s = cv.unit * rng.uniform(4, 7) * (0.6 + 0.6 * (y - y0) / max(1, y1 - y0))
            w = max(1, cv.unit * 1.1)
            cv.line([(x - s * 0.6, y - s), (x - s * 0.15, y)], colour, w)
            cv.line([(x, y - s * 1.3), (x, y)], colour, w)
            cv.line([(x + s * 0.6, y - s), (x + s * 0.15, y)], colour, w)

    def round_tree(
        self, x: float, base: float, size: float, green: RGB, outline: bool = True, weight: float = 0.8
    ) -> None:
        if self.scene.wintry:
            self.pine(x, base, size * 1.25, green, outline=outline, snow=outline, weight=weight)
            return
        cv, rng = self.cv, self.rng
        trunk = self.tone((130, 88, 60))
        tw = size * 0.16
        cv.rrect(
            x - tw / 2,
            base - size * 0.75,
            x + tw / 2,
            base,
            tw * 0.3,
            trunk if outline else green,
            outline=outline,
            weight=weight,
        )
        blobs = [(x, base - size * 0.95, size * 0.42, size * 0.38)]
        for _ in range(3):
            blobs.append(
                (
                    x + size * rng.uniform(-0.3, 0.3),
                    base - size * rng.uniform(0.78, 1.12),
                    size * rng.uniform(0.24, 0.32),
                    size * rng.uniform(0.22, 0.3),
                )
            )
        cv.union(blobs, green, outline=outline, weight=weight)
        if outline:
            hl = lighten(green, 0.25)
            bx, by, br, bry = blobs[1]
            cv.d.ellipse([bx - br * 0.45, by - bry * 0.5, bx + br * 0.15, by - bry * 0.05], fill=hl)

    def pine(
        self,
        x: float,
        base: float,
        size: float,
        green: RGB,
        outline: bool = True,
        snow: bool = False,
        weight: float = 0.8,
    ) -> None:
        cv = self.cv
        trunk = self.tone((120, 80, 56))
        tw = size * 0.1
        cv.rrect(
            x - tw / 2,
            base - size * 0.2,
            x + tw / 2,
            base,
            0,
            trunk if outline else green,
            outline=outline,
            weight=weight,
        )
        tiers = 3
        for k in range(tiers):
            top = base - size * (0.55 + 0.45 * (k + 1) / tiers)
            bot = base - size * (0.15 + 0.27 * k)
            half = size * (0.34 - 0.07 * k)
            pts = [(x - half, bot), (x, top), (x + half, bot)]
            cv.poly(pts, green, outline=outline, weight=weight)
            if snow or (self.scene.wintry and outline):
                sn = self.tone((246, 250, 255))
                cv.poly(
                    [
                        (x - half * 0.45, top + (bot - top) * 0.45),
                        (x, top),
                        (x + half * 0.45, top + (bot - top) * 0.45),
                        (x + half * 0.15, top + (bot - top) * 0.38),
                        (x - half * 0.1, top + (bot - top) * 0.5),
                    ],
                    sn,
                    outline=False,
                )

    def bush(self, x: float, base: float, size: float, green: RGB, berries: RGB | None = None) -> None:
        rng = self.rng
        blobs = [
            (x + size * dx, base - size * dy, size * r, size * r * 0.85)
            for dx, dy, r in ((-0.35, 0.25, 0.32), (0.0, 0.38, 0.4), (0.38, 0.25, 0.3))
        ]
        self.cv.union(blobs, green, weight=0.7)
        if berries:
            for _ in range(4):
                bx = x + size * rng.uniform(-0.45, 0.45)
                by = base - size * rng.uniform(0.2, 0.55)
                r = size * 0.06
                self.cv.d.ellipse([bx - r, by - r, bx + r, by + r], fill=berries)

    def paint_meadow(self) -> None:
        self.horizon = self.H * 0.62
        self.paint_sky(0.72)
        self.backdrop_extras()
        far = mix(self.land((150, 206, 150), 0.25), self.sky_colours()[1], 0.35)
        self.ridge(self.H * 0.6, self.H * 0.05, far, waves=1.3)
        mid = self.land((118, 192, 96), 0.35)
        self.ridge(self.H * 0.68, self.H * 0.035, mid, waves=2.1, outline=True, weight=0.6)
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            x = self.W * rng.uniform(0.05, 0.95)
            self.round_tree(
                x,
                self.H * rng.uniform(0.66, 0.7),
                self.SZ * rng.uniform(0.1, 0.14),
                self.tone(self.tint((86, 160, 76), 2, 0.2)),
                weight=0.6,
            )
        ground = self.ground_colour((128, 204, 100))
        self.ridge(self.H * 0.76, self.H * 0.02, ground, waves=1.1, outline=True, weight=0.7)
        self.tufts(self.H * 0.78, self.H, 26, shade(ground, 0.8))
        self.flowers(self.H * 0.78, self.H * 0.99, 22)

    def paint_forest(self) -> None:
        self.horizon = self.H * 0.6
        self.paint_sky(0.7)
        rng = self.rng
        sky_low = self.sky_colours()[1]
        self.backdrop_extras()
        far_green = self.tone(mix(self.tint((70, 140, 100), 2, 0.2), sky_low, 0.45))
        n = max(3, int(self.W / (self.SZ * 0.09)))
        for k in range(n):
            x = self.W * (k + rng.uniform(0.1, 0.9)) / n
            size = self.SZ * rng.uniform(0.22, 0.32)
            if rng.random() < 0.5:
                self.pine(x, self.H * 0.66, size, far_green, outline=False)
            else:
                self.round_tree(x, self.H * 0.66, size * 0.75, far_green, outline=False)
        self.ridge(self.H * 0.58, self.H * 0.015, mix(self.land((70, 140, 100), 0.2), sky_low, 0.45), waves=2.0)
        mid_green = self.tone(self.tint((62, 150, 72), 2, 0.25))
        self.ridge(self.H * 0.7, self.H * 0.02, self.land((88, 170, 86), 0.3), waves=1.6)
        n = max(2, int(self.W / (self.SZ * 0.2)))
        for k in range(n):
            x = self.W * (k + rng.uniform(0.15, 0.85)) / n
            size = self.SZ * rng.uniform(0.3, 0.42)
            g = mix(mid_green, self.tone((40, 120, 70)), rng.random() * 0.5)
            if rng.random() < 0.45:
                self.pine(x, self.H * 0.74, size, g, weight=0.7)
            else:
                self.round_tree(x, self.H * 0.74, size * 0.7, g, weight=0.7)
        ground = self.ground_colour((110, 190, 90))
        self.ridge(self.H * 0.78, self.H * 0.012, ground, waves=1.3, outline=True, weight=0.7)
        for _ in range(rng.randint(2, 3)):
            x = self.W * rng.uniform(0.02, 0.98)
            self.bush(
                x,
                self.H * rng.uniform(0.8, 0.84),
                self.SZ * rng.uniform(0.06, 0.09),
                self.tone(self.tint((70, 160, 80), 2, 0.2)),
                berries=self.tone(self.pal[4]),
            )
        for _ in range(rng.randint(2, 4)):
            x = self.free_x(0.03, 0.97)
            if x is not None:
                self.mushroom(x, self.H * rng.uniform(0.86, 0.98), self.SZ * rng.uniform(0.025, 0.04))
        self.tufts(self.H * 0.8, self.H, 24, shade(ground, 0.78))
        self.flowers(self.H * 0.82, self.H * 0.99, 10)

    def mushroom(self, x: float, base: float, size: float) -> None:
        if self.scene.wintry:
            return
        cv = self.cv
        stem = self.tone((246, 236, 214))
        cap = self.tone(mix((220, 60, 52), self.pal[4], 0.3))
        cv.rrect(x - size * 0.22, base - size * 0.7, x + size * 0.22, base, size * 0.1, stem, weight=0.5)
        pts = ellipse_points(x, base - size * 0.7, size * 0.6, size * 0.55, 20, math.pi, 2 * math.pi)
        cv.poly(pts, cap, weight=0.5)
        for dx, dy in ((-0.25, -0.95), (0.2, -1.05), (0.35, -0.8)):
            r = size * 0.09
            cv.d.ellipse(
                [x + dx * size - r, base + dy * size - r, x + dx * size + r, base + dy * size + r],
                fill=self.tone((255, 250, 240)),
            )

    def paint_sea(self) -> None:
        variant = self.scene.variant
        self.horizon = self.H * 0.56
        self.paint_sky(0.6)
        cv, rng = self.cv, self.rng
        self.backdrop_extras()
        if variant == "lake":
            far = mix(self.land((90, 160, 110), 0.2), self.sky_colours()[1], 0.35)
            self.ridge(self.horizon, self.H * 0.04, far, waves=1.6)
            for k in range(6):
                x = self.W * (k + rng.uniform(0.1, 0.9)) / 6
                self.pine(
                    x, self.horizon + self.H * 0.01, self.SZ * rng.uniform(0.08, 0.12), shade(far, 0.85), outline=False
                )
        water_top = self.tone(self.tint((70, 150, 210), 5, 0.3))
        water_low = self.tone(self.tint((120, 205, 230), 1, 0.2))
        shore = self.H * (0.74 if variant != "harbor" else 0.8)
        cv.vgradient((0, self.horizon, self.W, shore + self.H * 0.02), [(0, water_top), (1, water_low)])
        if not self.night and not self.scene.rain and variant != "lake":
            # Sun glitter on the water.
            for _ in range(14):
                x = self.W * rng.uniform(0.05, 0.95)
                y = rng.uniform(self.horizon + self.H * 0.01, shore - self.H * 0.03)
                w = cv.unit * rng.uniform(6, 14)
                cv.line([(x - w, y), (x + w, y)], lighten(water_top, 0.6), cv.unit * 1.2)
        for _ in range(16):
            x = self.W * rng.uniform(0.0, 1.0)
            y = rng.uniform(self.horizon + self.H * 0.02, shore - self.H * 0.01)
            w = cv.unit * rng.uniform(6, 12) * (0.6 + (y - self.horizon) / (shore - self.horizon))
            pts = [(x - w, y), (x - w * 0.5, y - w * 0.28), (x, y), (x + w * 0.5, y - w * 0.28), (x + w, y)]
            cv.line(pts, lighten(water_top, 0.35), cv.unit * 1.1)
        if variant in ("beach", "") and rng.random() < 0.8:
            self.sailboat(self.W * rng.uniform(0.15, 0.85), self.horizon + self.H * 0.05, self.SZ * 0.09)
        if variant == "harbor":
            self.harbor(shore)
            return
        if variant == "lake" or self.scene.wintry:
            sand = self.land((140, 196, 110))
        else:
            sand = self.tone(self.tint((244, 218, 160), 2, 0.12))
        pts = self.ridge(shore, self.H * 0.008, sand, waves=3.0, outline=False)
        cv.line([(x, y - cv.unit * 1.5) for x, y in pts], self.tone((250, 252, 255)), cv.unit * 3)
        self.ridge(shore + self.H * 0.002, self.H * 0.008, sand, waves=3.0, outline=True, weight=0.6)
        for _ in range(rng.randint(3, 6)):
            x, y = self.W * rng.uniform(0.03, 0.97), self.H * rng.uniform(0.82, 0.98)
            r = cv.unit * rng.uniform(3, 5)
            if rng.random() < 0.5:
                pts = []
                for a in range(10):
                    ang = -math.pi / 2 + a * math.pi / 5
                    rr = r * (1.4 if a % 2 == 0 else 0.6)
                    pts.append((x + math.cos(ang) * rr, y + math.sin(ang) * rr))
                cv.poly(pts, self.tone(mix((244, 140, 110), self.pal[4], 0.3)), weight=0.4)
            else:
                cv.poly(
                    ellipse_points(x, y, r * 1.1, r, 14, math.pi, 2 * math.pi), self.tone((252, 226, 214)), weight=0.4
                )
        x = self.free_x(0.04, 0.96, self.H * 0.12)
        if variant == "beach" and x is not None:
            self.umbrella(x, self.H * 0.86, self.SZ * 0.28)
        if variant == "lake":
            self.tufts(shore + self.H * 0.02, self.H, 18, self.tone((110, 160, 90)))

    def sailboat(self, x: float, y: float, size: float) -> None:
        cv = self.cv
        hull = self.tone(mix((200, 80, 60), self.pal[3], 0.3))
        cv.poly(
            [
                (x - size * 0.5, y - size * 0.15),
                (x + size * 0.55, y - size * 0.15),
                (x + size * 0.35, y),
                (x - size * 0.35, y),
            ],
            hull,
            weight=0.5,
        )
        cv.line([(x, y - size * 0.15), (x, y - size * 1.05)], self.tone((120, 90, 70)), cv.unit * 1.2)
        cv.poly(
            [(x + size * 0.04, y - size * 1.0), (x + size * 0.45, y - size * 0.25), (x + size * 0.04, y - size * 0.25)],
            self.tone((252, 250, 244)),
            weight=0.5,
        )
        cv.poly(
            [
                (x - size * 0.04, y - size * 0.85),
                (x - size * 0.35, y - size * 0.25),
                (x - size * 0.04, y - size * 0.25),
            ],
            self.tone(mix((250, 220, 120), self.pal[4], 0.3)),
            weight=0.5,
        )

    def umbrella(self, x: float, base: float, size: float) -> None:
        cv = self.cv
        cv.line([(x, base), (x + size * 0.06, base - size)], self.tone((110, 90, 80)), cv.unit * 2.2)
        cx, cy = x + size * 0.06, base - size
        r = size * 0.45
        pts = ellipse_points(cx, cy + r * 0.35, r, r * 0.75, 24, math.pi, 2 * math.pi)
        cv.poly(pts, self.tone(self.pal[4]), weight=0.7)
        for k in (1, 3):
            a0, a1 = math.pi + math.pi * k / 5, math.pi + math.pi * (k + 1) / 5
            seg = [(cx, cy + r * 0.35 - r * 0.75), *ellipse_points(cx, cy + r * 0.35, r, r * 0.75, 6, a0, a1)]
            seg = [(cx, cy + r * 0.35), *ellipse_points(cx, cy + r * 0.35, r, r * 0.75, 6, a0, a1)]
            cv.poly(seg, self.tone((252, 250, 240)), outline=False)

    def harbor(self, shore: float) -> None:
        cv, rng = self.cv, self.rng
        # Boats moored behind the pier.
        for _ in range(rng.randint(1, 2)):
            self.sailboat(self.W * rng.uniform(0.1, 0.9), shore - self.H * 0.04, self.SZ * 0.14)
        wood = self.ground_colour((176, 126, 84))
        plank_dark = shade(wood, 0.8)
        top = shore
        for k in range(12):
            x = self.W * (k + 0.5) / 12
            cv.rrect(
                x - cv.unit * 4,
                top - self.H * 0.05,
                x + cv.unit * 4,
                top + self.H * 0.03,
                cv.unit,
                self.tone((120, 84, 60)),
                weight=0.6,
            )
        cv.rrect(-10, top, self.W + 10, self.H + 10, 0, wood, weight=0.8)
        y = top
        k = 0
        while y < self.H:
            step = self.H * (0.025 + 0.012 * k)
            cv.line([(0, y), (self.W, y)], plank_dark, cv.unit * 1.2)
            y += step
            k += 1
        for _ in range(3):
            x = self.W * rng.uniform(0.05, 0.95)
            r = self.H * 0.02
            cv.ellipse(x, self.H * rng.uniform(0.86, 0.97), r * 1.4, r * 0.7, self.tone((150, 110, 80)), weight=0.5)
        # A coil of rope and a lamp post.
        lx = self.W * rng.choice((0.06, 0.94))
        self.lamp_post(lx, top + self.H * 0.02, min(self.H * 0.42, self.SZ * 0.6))

    # mountain ------------------------------------------------------------
    def paint_mountain(self) -> None:
        self.horizon = self.H * 0.62
        self.paint_sky(0.72)
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        self.mountains()
        green = self.ground_colour((118, 180, 96))
        self.ridge(self.H * 0.74, self.H * 0.03, mix(green, sky_low, 0.15), waves=1.2, outline=True, weight=0.6)
        for _ in range(rng.randint(4, 7)):
            self.pine(
                self.W * rng.uniform(0, 1),
                self.H * rng.uniform(0.73, 0.77),
                self.SZ * rng.uniform(0.1, 0.15),
                self.tone(self.tint((50, 120, 80), 2, 0.2)),
                weight=0.5,
                snow=self.scene.wintry,
            )
        self.ridge(self.H * 0.8, self.H * 0.015, green, waves=1.0, outline=True, weight=0.7)
        for _ in range(rng.randint(2, 4)):
            x, y = self.W * rng.uniform(0, 1), self.H * rng.uniform(0.84, 0.98)
            r = self.H * rng.uniform(0.02, 0.035)
            cv.poly(ellipse_points(x, y, r * 1.4, r, 16, math.pi, 2 * math.pi), self.tone((160, 160, 170)), weight=0.6)
        self.tufts(self.H * 0.8, self.H, 20, shade(green, 0.8))
        self.flowers(self.H * 0.82, self.H, 8)

    # desert --------------------------------------------------------------
    def paint_desert(self) -> None:
        self.horizon = self.H * 0.62
        self.paint_sky(0.72)
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        mesa = self.tone(mix((210, 140, 100), sky_low, 0.35))
        for _ in range(rng.randint(1, 2)):
            x = self.W * rng.uniform(0.05, 0.8)
            w = self.W * rng.uniform(0.15, 0.25)
            h = self.H * rng.uniform(0.08, 0.13)
            cv.poly(
                [
                    (x, self.H * 0.64),
                    (x + w * 0.12, self.H * 0.64 - h),
                    (x + w * 0.88, self.H * 0.64 - h),
                    (x + w, self.H * 0.64),
                ],
                mesa,
                outline=False,
            )
        self.ridge(
            self.H * 0.64, self.H * 0.025, self.tone(mix(self.tint((236, 196, 130), 2, 0.2), sky_low, 0.2)), waves=1.6
        )
        self.ridge(
            self.H * 0.72,
            self.H * 0.03,
            self.tone(self.tint((240, 200, 128), 2, 0.25)),
            waves=1.2,
            outline=True,
            weight=0.6,
        )
        for _ in range(rng.randint(2, 3)):
            x = self.W * rng.uniform(0.04, 0.96)
            self.cactus(x, self.H * rng.uniform(0.76, 0.8), self.SZ * rng.uniform(0.14, 0.24))
        sand = self.ground_colour((246, 214, 150))
        self.ridge(self.H * 0.8, self.H * 0.02, sand, waves=1.0, outline=True, weight=0.7)
        for _ in range(10):
            x, y = self.W * rng.uniform(0, 1), self.H * rng.uniform(0.83, 0.99)
            w = cv.unit * rng.uniform(8, 16)
            cv.line([(x - w, y), (x, y - w * 0.15), (x + w, y)], shade(sand, 0.88), cv.unit * 1.1)

    def cactus(self, x: float, base: float, size: float) -> None:
        cv = self.cv
        green = self.tone(mix((90, 170, 100), self.pal[2], 0.15))
        w = size * 0.2
        cv.limb(
            [
                (x - size * 0.2, base - size * 0.4),
                (x - size * 0.25, base - size * 0.55),
                (x - size * 0.25, base - size * 0.72),
            ],
            w * 0.75,
            green,
            weight=0.6,
        )
        cv.limb(
            [
                (x + size * 0.2, base - size * 0.5),
                (x + size * 0.25, base - size * 0.62),
                (x + size * 0.25, base - size * 0.8),
            ],
            w * 0.75,
            green,
            weight=0.6,
        )
        cv.limb([(x - size * 0.2, base - size * 0.4), (x, base - size * 0.4)], w * 0.6, green, outline=False)
        cv.limb([(x + size * 0.2, base - size * 0.5), (x, base - size * 0.5)], w * 0.6, green, outline=False)
        cv.rrect(x - w / 2, base - size, x + w / 2, base, w / 2, green, weight=0.6)
        cv.line([(x, base - size * 0.9), (x, base - size * 0.1)], shade(green, 0.85), cv.unit * 1.0)

    # snow ----------------------------------------------------------------
    def paint_snow(self) -> None:
        self.horizon = self.H * 0.62
        self.paint_sky(0.72)
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        self.backdrop_extras()
        far = self.tone(mix((206, 222, 240), sky_low, 0.3))
        self.ridge(self.H * 0.62, self.H * 0.05, far, waves=1.4)
        for _k in range(rng.randint(5, 8)):
            self.pine(
                self.W * rng.uniform(0, 1),
                self.H * rng.uniform(0.66, 0.7),
                self.SZ * rng.uniform(0.12, 0.2),
                self.tone(mix((50, 110, 90), self.pal[2], 0.15)),
                snow=True,
                weight=0.6,
            )
        snow = self.tone(mix((246, 250, 255), self.pal[1], 0.15))
        self.ridge(self.H * 0.74, self.H * 0.02, snow, waves=1.2, outline=True, weight=0.6)
        shadow = self.tone((214, 226, 244))
        for _ in range(6):
            x, y = self.W * rng.uniform(0, 1), self.H * rng.uniform(0.8, 0.98)
            w = self.W * rng.uniform(0.04, 0.09)
            cv.d.ellipse([x - w, y - w * 0.08, x + w, y + w * 0.08], fill=shadow)
        x = self.free_x(0.05, 0.95, self.H * 0.06)
        if x is not None:
            self.snowman(x, self.H * 0.88, self.SZ * 0.24)

    def snowman(self, x, base, size) -> None:
        cv = self.cv
        white = self.tone((250, 252, 255))
        cv.ellipse(x, base - size * 0.22, size * 0.26, size * 0.22, white, weight=0.7)
        cv.ellipse(x, base - size * 0.58, size * 0.19, size * 0.17, white, weight=0.7)
        cv.ellipse(x, base - size * 0.86, size * 0.14, size * 0.13, white, weight=0.7)
        cv.poly(
            [(x, base - size * 0.86), (x + size * 0.16, base - size * 0.84), (x, base - size * 0.82)],
            self.tone((244, 140, 50)),
            outline=False,
        )
        for dx in (-0.05, 0.05):
            r = size * 0.018
            cv.d.ellipse(
                [x + dx * size - r, base - size * 0.9 - r, x + dx * size + r, base - size * 0.9 + r], fill=(40, 36, 40)
            )
        cv.rrect(
            x - size * 0.17,
            base - size * 0.74,
            x + size * 0.17,
            base - size * 0.68,
            size * 0.02,
            self.tone(self.pal[3]),
            weight=0.5,
        )
