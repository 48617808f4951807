"""Built-up settings: city streets, towns and markets with their buildings, awnings and stalls, and the castle."""

from __future__ import annotations

import math

from .canvas import CALM_TOP, ellipse_points
from .palette import mix, shade


class Towns:
    """Streets and walls; mixed into :class:`~.painting._Painting` (uses its canvas, rng, scene, sizes)."""

    def lamp_post(self, x: float, base: float, size: float) -> None:
        cv = self.cv
        pole = self.tone((60, 66, 80))
        cv.rrect(x - size * 0.025, base - size, x + size * 0.025, base, 0, pole, weight=0.6)
        lamp_y = base - size
        lit = (255, 226, 140) if self.night or self.dusk else (240, 240, 220)
        if self.night or self.dusk:
            cv.glow(x, lamp_y + size * 0.06, size * 0.5, (255, 214, 120), 0.55)
        cv.rrect(
            x - size * 0.07, lamp_y - size * 0.02, x + size * 0.07, lamp_y + size * 0.12, size * 0.02, lit, weight=0.6
        )
        cv.poly([(x - size * 0.1, lamp_y), (x, lamp_y - size * 0.07), (x + size * 0.1, lamp_y)], pole, weight=0.6)

    # city -------------------------------------------------------------
    def paint_city(self) -> None:
        variant = self.scene.variant
        self.horizon = self.H * 0.72
        self.paint_sky(0.76)
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        # Far skyline.
        if variant == "city":
            x = -10.0
            far = self.tone(mix((150, 170, 200), sky_low, 0.45))
            while x < self.W:
                w = self.W * rng.uniform(0.05, 0.1)
                h = self.H * rng.uniform(0.18, 0.38)
                cv.d.rectangle([x, self.H * 0.72 - h, x + w, self.H * 0.75], fill=far)
                if self.night:
                    for _ in range(int(h / (cv.unit * 14))):
                        wx = rng.uniform(x + w * 0.15, x + w * 0.8)
                        wy = rng.uniform(self.H * 0.72 - h * 0.9, self.H * 0.72)
                        s = cv.unit * 2.2
                        cv.d.rectangle([wx, wy, wx + s, wy + s * 1.3], fill=(250, 220, 130))
                x += w + self.W * rng.uniform(0.0, 0.02)
        # Main row of buildings.
        accents = [self.pal[3], self.pal[4], self.pal[5], (240, 200, 160), (200, 220, 230), (230, 170, 150)]
        x = -self.W * rng.uniform(0.0, 0.05)
        street_top = self.H * 0.76
        k = 0
        while x < self.W:
            w = self.W * rng.uniform(0.14, 0.22)
            frac = rng.uniform(0.3, 0.48) if variant != "town" else rng.uniform(0.22, 0.3)
            h = self.H * frac
            top = max(self.H * (CALM_TOP + 0.04), street_top - h)
            colour = self.tone(mix(rng.choice(accents), (250, 240, 226), 0.45))
            self.building(x, top, w, street_top, colour, variant, k)
            x += w
            k += 1
        # Pavement.
        pave = self.ground_colour((200, 196, 190))
        cv.rrect(-10, street_top, self.W + 10, self.H + 10, 0, pave, weight=1.0)
        cv.d.rectangle([-10, street_top, self.W + 10, street_top + self.H * 0.012], fill=shade(pave, 0.85))
        y = street_top + self.H * 0.05
        k = 0
        while y < self.H:
            cv.line([(0, y), (self.W, y)], shade(pave, 0.9), cv.unit * 1.0)
            off = (k % 2) * self.W * 0.05
            for j in range(12):
                xx = off + self.W * j / 10
                cv.line(
                    [(xx, y), (xx - self.W * 0.01, y + self.H * (0.05 + 0.015 * k))], shade(pave, 0.9), cv.unit * 1.0
                )
            y += self.H * (0.05 + 0.015 * k)
            k += 1
        if variant == "market":
            n = max(2, int(self.W / (self.H * 0.5)))
            for j in range(n):
                self.stall(
                    self.W * (j + 0.5) / n + self.W * rng.uniform(-0.04, 0.04),
                    street_top + self.H * 0.03,
                    self.W / n * 0.7,
                )
        else:
            for lx in (self.W * rng.uniform(0.02, 0.1), self.W * rng.uniform(0.9, 0.98)):
                self.lamp_post(lx, street_top + self.H * 0.06, min(self.H * 0.46, self.SZ * 0.6))

    def building(self, x, top, w, bottom, colour, variant, index) -> None:
        cv, rng = self.cv, self.rng
        cv.rrect(x, top, x + w, bottom, 0, colour, weight=0.8)
        trim = shade(colour, 0.82)
        roof_style = rng.random()
        if variant == "town" or roof_style < 0.35:
            roof = self.tone(mix(rng.choice([(190, 90, 70), (120, 90, 80), (90, 110, 150)]), self.pal[3], 0.2))
            peak = top - min(w * 0.35, top - self.H * (CALM_TOP + 0.01))
            cv.poly([(x - w * 0.05, top), (x + w * 0.5, peak), (x + w * 1.05, top)], roof, weight=0.8)
        else:
            cv.rrect(x - w * 0.03, top - self.H * 0.015, x + w * 1.03, top + self.H * 0.01, 0, trim, weight=0.7)
        cols = max(2, int(w / (self.H * 0.07)))
        rows = max(1, int((bottom - top - self.H * 0.1) / (self.H * 0.09)))
        ww = w / cols * 0.5
        wh = min(self.H * 0.055, (bottom - top - self.H * 0.1) / rows * 0.6)
        lit = (255, 224, 140)
        glass = self.tone((170, 210, 235)) if not self.night else (40, 50, 90)
        for r in range(rows):
            for c in range(cols):
                wx = x + w * (c + 0.5) / cols - ww / 2
                wy = top + self.H * 0.03 + r * (bottom - top - self.H * 0.1) / rows
                on = self.night and rng.random() < 0.6
                cv.rrect(wx, wy, wx + ww, wy + wh, ww * 0.15, lit if on else glass, weight=0.5)
                cv.line([(wx + ww / 2, wy), (wx + ww / 2, wy + wh)], trim if not on else (220, 180, 100), cv.unit * 0.8)
        # A door and an awning on some buildings.
        dw = w * 0.22
        dx = x + w * rng.uniform(0.2, 0.6)
        cv.rrect(dx, bottom - self.H * 0.09, dx + dw, bottom, dw * 0.3, self.tone((120, 80, 60)), weight=0.6)
        if rng.random() < 0.5:
            stripe = self.tone(rng.choice([self.pal[3], self.pal[4], self.pal[5]]))
            self.awning(x + w * 0.08, bottom - self.H * 0.15, w * 0.84, self.H * 0.04, stripe)

    def awning(self, x, y, w, h, colour) -> None:
        cv = self.cv
        n = max(3, int(w / (h * 1.2)))
        seg = w / n
        cv.poly([(x, y), (x + w, y), (x + w + h * 0.3, y + h), (x - h * 0.3, y + h)], colour, weight=0.6)
        for j in range(0, n, 2):
            x0 = x + seg * j
            cv.poly(
                [
                    (x0, y),
                    (x0 + seg, y),
                    (x0 + seg + h * 0.3 * (2 * (j + 1) / n - 1), y + h),
                    (x0 + h * 0.3 * (2 * j / n - 1), y + h),
                ],
                self.tone((252, 248, 240)),
                outline=False,
            )
        for j in range(n):
            cx = x - h * 0.3 + (w + h * 0.6) * (j + 0.5) / n
            r = (w + h * 0.6) / n / 2
            cv.poly(
                ellipse_points(cx, y + h, r, r * 0.6, 10, 0, math.pi),
                colour if j % 2 else self.tone((252, 248, 240)),
                weight=0.5,
            )

    def stall(self, cx, base, w) -> None:
        cv, rng = self.cv, self.rng
        h = self.H * 0.2
        wood = self.tone((170, 120, 80))
        cv.rrect(cx - w / 2, base - h * 0.45, cx + w / 2, base, cv.unit * 2, wood, weight=0.7)
        cv.line(
            [(cx - w / 2 + cv.unit * 3, base - h * 0.45), (cx - w / 2 + cv.unit * 3, base - h * 1.2)],
            shade(wood, 0.8),
            cv.unit * 3,
        )
        cv.line(
            [(cx + w / 2 - cv.unit * 3, base - h * 0.45), (cx + w / 2 - cv.unit * 3, base - h * 1.2)],
            shade(wood, 0.8),
            cv.unit * 3,
        )
        self.awning(cx - w / 2, base - h * 1.3, w, h * 0.2, self.tone(rng.choice([self.pal[3], self.pal[4]])))
        fruits = [(230, 70, 60), (250, 170, 50), (120, 190, 70), (250, 220, 80), (150, 80, 170)]
        for j in range(3):
            fx = cx - w / 2 + w * (j + 0.5) / 3
            fc = self.tone(rng.choice(fruits))
            cv.rrect(
                fx - w * 0.14, base - h * 0.55, fx + w * 0.14, base - h * 0.4, cv.unit, shade(wood, 1.1), weight=0.5
            )
            r = w * 0.045
            for q in range(4):
                ox = fx - w * 0.1 + q * w * 0.065
                cv.ellipse(ox, base - h * 0.56, r, r, fc, weight=0.4)

    # castle ---------------------------------------------------------------
    def paint_castle(self) -> None:
        self.horizon = self.H * 0.62
        self.paint_sky(0.72)
        cv, rng = self.cv, self.rng
        sky_low = self.sky_colours()[1]
        self.backdrop_extras()
        self.ridge(self.H * 0.6, self.H * 0.05, mix(self.land((150, 200, 140), 0.0), sky_low, 0.35), waves=1.2)
        hill = self.land((120, 186, 100), 0.3)
        cx = self.W * rng.uniform(0.35, 0.65)
        cw = min(self.W * 0.5, self.H * 0.7)
        base = self.H * 0.62
        stone = self.tone(mix((206, 200, 196), self.pal[1], 0.15))
        stone_dark = shade(stone, 0.85)
        roof = self.tone(mix((70, 100, 170), self.pal[5], 0.5))
        wall_top = base - self.H * 0.14
        cv.rrect(cx - cw / 2, wall_top, cx + cw / 2, base + self.H * 0.04, 0, stone, weight=0.7)
        merlon = cw / 14
        for j in range(7):
            mx = cx - cw / 2 + merlon * (2 * j)
            cv.rrect(mx, wall_top - merlon * 0.8, mx + merlon, wall_top + 1, 0, stone, weight=0.6)
        towers = [(-0.5, 0.16, 0.26), (0.5, 0.16, 0.26), (0.0, 0.2, 0.34)]
        if rng.random() < 0.5:
            towers.append((rng.choice((-0.26, 0.26)), 0.13, 0.22))
        for dx, tw_frac, th_frac in sorted(towers, key=lambda t: -t[2]):
            tx = cx + dx * cw
            tw = cw * tw_frac
            th = self.H * th_frac
            top = max(self.H * (CALM_TOP + 0.09), base - th)
            cv.rrect(tx - tw / 2, top, tx + tw / 2, base + self.H * 0.04, 0, stone, weight=0.7)
            peak = max(self.H * (CALM_TOP + 0.01), top - tw * 0.9)
            cv.poly([(tx - tw * 0.62, top), (tx, peak), (tx + tw * 0.62, top)], roof, weight=0.7)
            cv.line([(tx, peak), (tx, peak - tw * 0.3)], self.tone((90, 80, 80)), cv.unit * 1.2)
            cv.poly(
                [(tx, peak - tw * 0.3), (tx + tw * 0.35, peak - tw * 0.22), (tx, peak - tw * 0.14)],
                self.tone(self.pal[4]),
                outline=False,
            )
            wy = top + (base - top) * 0.3
            ww = tw * 0.22
            cv.poly(
                [
                    (tx - ww / 2, wy + ww * 1.6),
                    (tx - ww / 2, wy + ww * 0.5),
                    *ellipse_points(tx, wy + ww * 0.5, ww / 2, ww / 2, 8, math.pi, 2 * math.pi),
                    (tx + ww / 2, wy + ww * 1.6),
                ],
                (255, 220, 130) if self.night else self.tone((70, 70, 96)),
                weight=0.5,
            )
        gw = cw * 0.12
        cv.poly(
            [
                (cx - gw, base + self.H * 0.04),
                (cx - gw, base - gw * 0.6),
                *ellipse_points(cx, base - gw * 0.6, gw, gw, 10, math.pi, 2 * math.pi),
                (cx + gw, base + self.H * 0.04),
            ],
            self.tone((110, 80, 60)),
            weight=0.6,
        )
        for j in range(5):
            y = wall_top + (base - wall_top) * (j + 0.5) / 5
            cv.line([(cx - cw / 2 + cv.unit * 4, y), (cx - cw / 2 + cw * 0.12, y)], stone_dark, cv.unit)
        self.ridge(self.H * 0.68, self.H * 0.02, hill, waves=1.0, outline=True, weight=0.7)
        ground = self.ground_colour((128, 200, 100))
        path = self.tone((230, 210, 170))
        cv.poly(
            [
                (cx - gw * 0.8, self.H * 0.68),
                (cx + gw * 0.8, self.H * 0.68),
                (cx + self.W * 0.12, self.H + 5),
                (cx - self.W * 0.12, self.H + 5),
            ],
            path,
            outline=False,
        )
        self.ridge(self.H * 0.8, self.H * 0.01, ground, waves=1.0, outline=True, weight=0.7, bottom=self.H * 0.8)
        cv.poly(
            [(0, self.H * 0.78), (self.W, self.H * 0.78), (self.W, self.H + 5), (0, self.H + 5)], ground, outline=False
        )
        cv.poly(
            [
                (cx - self.W * 0.085, self.H * 0.78),
                (cx + self.W * 0.085, self.H * 0.78),
                (cx + self.W * 0.14, self.H + 5),
                (cx - self.W * 0.14, self.H + 5),
            ],
            path,
            outline=False,
        )
        self.flowers(self.H * 0.8, self.H, 14)
