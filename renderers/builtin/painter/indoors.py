"""The indoor setting: wall, floor, window and furniture for rooms, shops, cafés, libraries, classrooms, bedrooms."""

from __future__ import annotations

import math

from PIL import ImageDraw

from .canvas import vertical_gradient
from .palette import lighten, mix, shade


class Indoors:
    """Rooms and their furniture; mixed into :class:`~.painting._Painting` (uses its canvas, rng, scene, sizes)."""

    def paint_indoor(self) -> None:
        cv, rng = self.cv, self.rng
        variant = self.scene.variant
        floor_y = self.H * 0.72
        self.horizon = floor_y
        wall = mix((246, 226, 196), self.pal[3], 0.22)
        if self.night:
            wall_top = shade(mix(wall, (92, 72, 120), 0.5), 0.7)
            wall_low = shade(mix(wall, (150, 100, 110), 0.3), 0.85)
        else:
            wall_top, wall_low = shade(wall, 0.94), lighten(wall, 0.15)
        cv.vgradient((0, 0, self.W, floor_y), [(0, wall_top), (1, wall_low)])
        # Wallpaper stripes or dots.
        pattern = shade(wall_low, 0.97)
        if rng.random() < 0.5:
            step = self.W / max(8, int(self.W / (self.H * 0.07)))
            stripe = vertical_gradient(
                max(1, int(step * 0.24)), int(floor_y), [(0, shade(wall_top, 0.96)), (1, shade(wall_low, 0.96))]
            )
            x = step / 2
            while x < self.W:
                cv.img.paste(stripe, (int(x - step * 0.12), 0))
                x += step
        else:
            step = self.H * 0.08
            for row in range(int(floor_y / step) + 1):
                for col in range(int(self.W / step) + 2):
                    x = col * step + (row % 2) * step / 2
                    y = row * step + step / 2
                    r = step * 0.07
                    cv.d.ellipse([x - r, y - r, x + r, y + r], fill=mix(pattern, wall_top, 0.2))
        # Wainscot.
        panel = (
            self.tone(mix((170, 120, 84), self.pal[5], 0.15))
            if not self.night
            else mix((120, 84, 64), self.pal[5], 0.15)
        )
        wain_y = self.H * 0.56
        cv.rrect(-10, wain_y, self.W + 10, floor_y, 0, panel, weight=0.7)
        cv.rrect(
            -10, wain_y - self.H * 0.012, self.W + 10, wain_y + self.H * 0.008, 0, lighten(panel, 0.15), weight=0.6
        )
        for j in range(int(self.W / (self.H * 0.12)) + 1):
            x = j * self.H * 0.12 + self.H * 0.06
            cv.rrect(
                x - self.H * 0.04,
                wain_y + self.H * 0.03,
                x + self.H * 0.04,
                floor_y - self.H * 0.025,
                cv.unit * 2,
                shade(panel, 0.9),
                outline=False,
            )
        # Floor.
        floor = mix((196, 146, 100), self.pal[2], 0.18)
        floor = shade(floor, 0.8) if self.night else floor
        cv.rrect(-10, floor_y, self.W + 10, self.H + 10, 0, floor, weight=0.9)
        y, k = floor_y, 0
        while y < self.H:
            step = self.H * (0.035 + 0.012 * k)
            cv.line([(0, y), (self.W, y)], shade(floor, 0.86), cv.unit * 1.2)
            off = rng.uniform(0, self.W * 0.2)
            for j in range(8):
                xx = off + j * self.W * 0.25
                cv.line([(xx, y), (xx, y + step)], shade(floor, 0.86), cv.unit * 1.0)
            y += step
            k += 1
        # Warm lamplight on the wall at night (before the furniture, so it stays crisp).
        lamp_x = self.W * 0.5 + self.W * rng.uniform(-0.05, 0.05)
        lamp = self.night or rng.random() < 0.5
        if self.night:
            cv.glow(lamp_x, self.H * 0.3, self.H * 1.3, (255, 180, 110), 0.5)
        # Window on one side, shelves on the other.
        left = rng.random() < 0.5
        win_w = min(self.W * 0.26, self.H * 0.36)
        win_x = self.W * (0.06 if left else 0.94) - (0 if left else win_w) + self.W * rng.uniform(-0.02, 0.02)
        self.window(win_x, self.H * 0.25, win_w, self.H * 0.23)
        shelf_x0 = self.W * 0.55 if left else self.W * 0.06
        shelf_x1 = shelf_x0 + self.W * 0.38
        if variant == "classroom":
            self.chalkboard(shelf_x0, self.H * 0.26, shelf_x1 - shelf_x0, self.H * 0.24)
        elif variant == "library":
            self.bookcase(shelf_x0, self.H * 0.24, shelf_x1 - shelf_x0, wain_y + self.H * 0.02)
        else:
            for j, sy in enumerate((self.H * 0.34, self.H * 0.49)):
                self.shelf(shelf_x0, sy, shelf_x1 - shelf_x0, variant, j)
        if lamp:
            self.sconce(lamp_x, self.H * 0.28)
        # Counter or table behind the cast.
        if variant == "bedroom":
            self.bed(left)
        elif variant in ("tea", "shop", "bakery", "kitchen", "room"):
            self.counter(variant)
        elif variant == "classroom":
            for j in range(3):
                self.desk(self.W * (j + 0.5) / 3, floor_y + self.H * 0.02, self.W * 0.16)

    def window(self, x, y, w, h) -> None:
        cv = self.cv
        frame = mix((250, 246, 236), self.pal[1], 0.2)
        frame = shade(frame, 0.8) if self.night else frame
        cv.rrect(x - w * 0.06, y - w * 0.06, x + w * 1.06, y + h + w * 0.06, w * 0.04, frame, weight=0.8)
        # The view is painted on its own little picture so nothing spills past the frame.
        top, bottom = self.sky_colours()
        vw, vh = max(1, int(w)), max(1, int(h))
        view = vertical_gradient(vw, vh, [(0, top), (1, bottom)])
        vd = ImageDraw.Draw(view)
        rng = self.rng
        if self.night:
            for _ in range(int(w * h / (cv.unit * cv.unit * 500)) + 3):
                sx, sy = rng.uniform(0, w), rng.uniform(0, h * 0.8)
                r = cv.unit * rng.uniform(0.6, 1.2)
                vd.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(255, 250, 220))
            mx, my, mr = w * rng.uniform(0.25, 0.75), h * 0.3, w * 0.12
            vd.ellipse([mx - mr, my - mr, mx + mr, my + mr], fill=(250, 244, 210))
            roofs = shade(top, 0.7)
            for k in range(5):
                bx = w * k / 5 + w * rng.uniform(-0.03, 0.03)
                vd.rectangle([bx, h * rng.uniform(0.72, 0.85), bx + w * 0.2, h], fill=roofs)
        else:
            cx, cy = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.25, 0.45)
            for bx, by, rx, ry in (
                (cx, cy, w * 0.18, w * 0.07),
                (cx - w * 0.08, cy - w * 0.03, w * 0.09, w * 0.07),
                (cx + w * 0.06, cy - w * 0.05, w * 0.1, w * 0.08),
            ):
                vd.ellipse([bx - rx, by - ry, bx + rx, by + ry], fill=(255, 255, 255))
            hill = self.tone(self.tint((120, 190, 100), 2, 0.3))
            vd.ellipse([-w * 0.2, h * 0.72, w * 0.8, h * 1.4], fill=hill)
            vd.ellipse([w * 0.4, h * 0.78, w * 1.3, h * 1.4], fill=shade(hill, 0.92))
        cv.img.paste(view, (int(x), int(y)))
        cv.rrect(x, y, x + w, y + h, 0, None, weight=0.7)
        cv.rrect(x + w / 2 - w * 0.025, y, x + w / 2 + w * 0.025, y + h, 0, frame, weight=0.5)
        cv.rrect(x, y + h / 2 - w * 0.025, x + w, y + h / 2 + w * 0.025, 0, frame, weight=0.5)
        cv.rrect(x - w * 0.12, y + h + w * 0.04, x + w * 1.12, y + h + w * 0.11, w * 0.02, frame, weight=0.7)
        # Curtains.
        curtain = mix((220, 90, 80), self.pal[4], 0.5)
        curtain = shade(curtain, 0.75) if self.night else curtain
        for side in (-1, 1):
            cx = x - w * 0.08 if side < 0 else x + w * 1.08
            pts = [
                (cx - w * 0.09, y - w * 0.1),
                (cx + w * 0.09, y - w * 0.1),
                (cx + w * 0.06 * -side + w * 0.02, y + h * 0.55),
                (cx + w * 0.1 * -side, y + h + w * 0.1),
                (cx - w * 0.02 * -side, y + h + w * 0.1),
            ]
            cv.poly(pts, curtain, weight=0.6)
        cv.rrect(x - w * 0.22, y - w * 0.14, x + w * 1.22, y - w * 0.08, w * 0.03, shade(frame, 0.7), weight=0.6)

    def shelf(self, x0, y, w, variant, row) -> None:
        cv, rng = self.cv, self.rng
        wood = mix((150, 100, 64), self.pal[5], 0.1)
        wood = shade(wood, 0.8) if self.night else wood
        cv.rrect(x0, y, x0 + w, y + self.H * 0.018, cv.unit, wood, weight=0.6)
        for bx in (x0 + w * 0.1, x0 + w * 0.9):
            cv.poly(
                [
                    (bx - self.H * 0.008, y + self.H * 0.018),
                    (bx + self.H * 0.008, y + self.H * 0.018),
                    (bx, y + self.H * 0.05),
                ],
                shade(wood, 0.85),
                weight=0.5,
            )
        x = x0 + w * 0.04
        colours = [self.pal[3], self.pal[4], self.pal[5], (120, 180, 160), (240, 200, 120), (250, 250, 246)]
        if self.night:
            colours = [shade(c, 0.85) for c in colours]
        while x < x0 + w * 0.9:
            item = rng.choice(
                ("cup", "jar", "jar", "pot", "plant") if variant != "bakery" else ("bread", "cake", "jar", "bread")
            )
            if variant == "bedroom":
                item = rng.choice(("book", "plant", "jar"))
            size = self.SZ * rng.uniform(0.05, 0.075)
            c = rng.choice(colours)
            adv = self.shelf_item(item, x, y, size, c)
            x += adv + self.H * rng.uniform(0.01, 0.025)

    def shelf_item(self, item, x, base, size, colour) -> float:
        cv = self.cv
        if item == "cup":
            w = size * 0.75
            cv.rrect(x, base - size * 0.6, x + w, base, w * 0.25, colour, weight=0.5)
            cv.d.arc(
                [x + w * 0.75, base - size * 0.5, x + w * 1.2, base - size * 0.15],
                -90,
                90,
                fill=self.cv.ink if self.cv.style != "none" else shade(colour, 0.7),
                width=max(1, int(size * 0.08)),
            )
            return w * 1.2
        if item == "jar":
            w = size * 0.65
            glass = mix((210, 236, 240), colour, 0.15)
            cv.rrect(x, base - size, x + w, base, w * 0.2, glass, weight=0.5)
            cv.rrect(
                x + w * 0.08, base - size * 0.55, x + w * 0.92, base - size * 0.06, w * 0.15, colour, outline=False
            )
            cv.rrect(
                x - w * 0.05,
                base - size * 1.12,
                x + w * 1.05,
                base - size * 0.92,
                w * 0.08,
                shade(colour, 0.75),
                weight=0.5,
            )
            return w
        if item == "pot":
            w = size * 1.1
            cv.ellipse(x + w / 2, base - size * 0.4, w / 2, size * 0.4, colour, weight=0.5)
            cv.poly(
                [
                    (x + w * 0.9, base - size * 0.45),
                    (x + w * 1.25, base - size * 0.75),
                    (x + w * 1.2, base - size * 0.6),
                    (x + w * 0.9, base - size * 0.3),
                ],
                colour,
                weight=0.5,
            )
            cv.ellipse(x + w / 2, base - size * 0.82, w * 0.12, size * 0.08, shade(colour, 0.8), weight=0.5)
            return w * 1.3
        if item == "plant":
            w = size * 0.7
            green = (90, 170, 90) if not self.night else (60, 110, 70)
            for ang in (-0.6, -0.2, 0.2, 0.6):
                lx = x + w / 2 + math.sin(ang) * size * 0.6
                ly = base - size * 0.55 - math.cos(ang) * size * 0.45
                cv.ellipse(lx, ly, size * 0.15, size * 0.26, green, weight=0.4)
            cv.poly(
                [(x, base - size * 0.5), (x + w, base - size * 0.5), (x + w * 0.85, base), (x + w * 0.15, base)],
                mix((200, 110, 80), colour, 0.2),
                weight=0.5,
            )
            return w
        if item == "bread":
            w = size * 1.2
            crust = (210, 150, 80) if not self.night else (170, 120, 70)
            cv.ellipse(x + w / 2, base - size * 0.3, w / 2, size * 0.3, crust, weight=0.5)
            for j in range(3):
                sx = x + w * (0.3 + 0.2 * j)
                cv.line(
                    [(sx - size * 0.06, base - size * 0.45), (sx + size * 0.06, base - size * 0.2)],
                    lighten(crust, 0.3),
                    cv.unit * 1.2,
                )
            return w
        if item == "cake":
            w = size * 1.0
            cv.rrect(x, base - size * 0.6, x + w, base, size * 0.08, (250, 230, 200), weight=0.5)
            cv.rrect(x, base - size * 0.65, x + w, base - size * 0.45, size * 0.08, colour, weight=0.5)
            cv.ellipse(x + w / 2, base - size * 0.75, size * 0.08, size * 0.08, (220, 50, 60), weight=0.4)
            return w
        if item == "book":
            w = size * 0.25
            cv.rrect(x, base - size, x + w, base, cv.unit, colour, weight=0.4)
            return w
        return size

    def bookcase(self, x0, y0, w, y1) -> None:
        cv, rng = self.cv, self.rng
        wood = mix((130, 86, 56), self.pal[5], 0.1)
        wood = shade(wood, 0.8) if self.night else wood
        cv.rrect(x0, y0, x0 + w, y1, cv.unit * 2, wood, weight=0.8)
        rows = 3
        colours = [
            self.pal[3],
            self.pal[4],
            self.pal[5],
            (120, 170, 140),
            (200, 90, 80),
            (90, 110, 170),
            (230, 190, 110),
        ]
        inner = shade(wood, 0.6)
        for r in range(rows):
            ry0 = y0 + (y1 - y0) * r / rows + self.H * 0.012
            ry1 = y0 + (y1 - y0) * (r + 1) / rows - self.H * 0.006
            cv.rrect(x0 + self.H * 0.015, ry0, x0 + w - self.H * 0.015, ry1, 0, inner, outline=False)
            x = x0 + self.H * 0.02
            while x < x0 + w - self.H * 0.05:
                bw = self.H * rng.uniform(0.014, 0.024)
                bh = (ry1 - ry0) * rng.uniform(0.65, 0.92)
                c = rng.choice(colours)
                if self.night:
                    c = shade(c, 0.8)
                tilt = rng.random() < 0.08
                if tilt:
                    cv.poly(
                        [
                            (x, ry1),
                            (x + bw, ry1),
                            (x + bw + bh * 0.35, ry1 - bh * 0.92),
                            (x + bh * 0.35, ry1 - bh * 0.95),
                        ],
                        c,
                        weight=0.4,
                    )
                    x += bw + bh * 0.35
                else:
                    cv.rrect(x, ry1 - bh, x + bw, ry1, cv.unit, c, weight=0.4)
                    x += bw + cv.unit

    def chalkboard(self, x0, y0, w, h) -> None:
        cv = self.cv
        cv.rrect(
            x0 - cv.unit * 6,
            y0 - cv.unit * 6,
            x0 + w + cv.unit * 6,
            y0 + h + cv.unit * 6,
            cv.unit * 3,
            (170, 120, 80),
            weight=0.8,
        )
        board = (54, 92, 76) if not self.night else (36, 62, 54)
        cv.rrect(x0, y0, x0 + w, y0 + h, 0, board, weight=0.6)
        # Chalk doodles: a sun and a house, no letters.
        cx, cy, r = x0 + w * 0.25, y0 + h * 0.35, h * 0.12
        chalk = (226, 236, 230)
        cv.d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=chalk, width=max(1, int(cv.unit * 1.2)))
        for a in range(8):
            ang = a * math.pi / 4
            cv.line(
                [
                    (cx + math.cos(ang) * r * 1.3, cy + math.sin(ang) * r * 1.3),
                    (cx + math.cos(ang) * r * 1.7, cy + math.sin(ang) * r * 1.7),
                ],
                chalk,
                cv.unit * 1.2,
            )
        hx, hy = x0 + w * 0.65, y0 + h * 0.75
        cv.line(
            [
                (hx - h * 0.15, hy),
                (hx - h * 0.15, hy - h * 0.2),
                (hx, hy - h * 0.35),
                (hx + h * 0.15, hy - h * 0.2),
                (hx + h * 0.15, hy),
                (hx - h * 0.15, hy),
            ],
            chalk,
            cv.unit * 1.2,
        )
        cv.rrect(x0, y0 + h - cv.unit * 2, x0 + w, y0 + h + cv.unit * 4, 0, (150, 110, 76), weight=0.5)

    def sconce(self, x, y) -> None:
        cv = self.cv
        warm = (255, 222, 150)
        if self.night:
            cv.glow(x, y - self.H * 0.01, self.H * 0.3, (255, 236, 180), 0.6)
        cv.rrect(x - self.H * 0.008, y, x + self.H * 0.008, y + self.H * 0.05, 0, (150, 110, 70), weight=0.5)
        shade_pts = [
            (x - self.H * 0.035, y + self.H * 0.01),
            (x + self.H * 0.035, y + self.H * 0.01),
            (x + self.H * 0.022, y - self.H * 0.04),
            (x - self.H * 0.022, y - self.H * 0.04),
        ]
        cv.poly(shade_pts, warm if self.night else mix((250, 230, 190), self.pal[3], 0.3), weight=0.6)

    def counter(self, variant) -> None:
        cv, rng = self.cv, self.rng
        top_y = self.H * 0.62
        bottom = self.H * 0.77
        wood = mix((190, 124, 78), self.pal[4], 0.1)
        wood = shade(wood, 0.88) if self.night else wood
        x0 = self.W * rng.uniform(0.02, 0.12)
        x1 = self.W * rng.uniform(0.88, 0.98)
        cv.rrect(x0, top_y, x1, bottom, cv.unit * 2, shade(wood, 0.88), weight=0.9)
        n = max(2, int((x1 - x0) / (self.H * 0.22)))
        for j in range(n):
            px0 = x0 + (x1 - x0) * j / n + self.H * 0.02
            px1 = x0 + (x1 - x0) * (j + 1) / n - self.H * 0.02
            cv.rrect(px0, top_y + self.H * 0.04, px1, bottom - self.H * 0.02, cv.unit * 2, shade(wood, 0.8), weight=0.5)
        # The worktop, seen a little from above, then its front edge.
        depth = self.H * 0.045
        cv.poly(
            [
                (x0 - self.W * 0.012, top_y),
                (x0 + self.W * 0.01, top_y - depth),
                (x1 - self.W * 0.01, top_y - depth),
                (x1 + self.W * 0.012, top_y),
            ],
            lighten(wood, 0.22),
            weight=0.8,
        )
        cv.rrect(
            x0 - self.W * 0.012,
            top_y,
            x1 + self.W * 0.012,
            top_y + self.H * 0.018,
            cv.unit * 1.5,
            lighten(wood, 0.08),
            weight=0.8,
        )
        # Things on the counter.
        colours = [self.pal[3], self.pal[4], self.pal[5], (250, 250, 246)]
        if self.night:
            colours = [shade(c, 0.85) for c in colours]
        items = {
            "tea": ("pot", "cup", "cup", "cake", "plant"),
            "bakery": ("bread", "cake", "bread", "cake"),
            "kitchen": ("pot", "jar", "bread", "plant"),
            "shop": ("jar", "jar", "plant", "cup"),
        }.get(variant, ("plant", "cup", "book", "jar"))
        slots = rng.sample(range(8), 4)
        for j, slot in enumerate(sorted(slots)):
            x = x0 + (x1 - x0) * (slot + 0.5) / 8
            self.shelf_item(
                items[j % len(items)], x, top_y - depth * 0.4, self.SZ * rng.uniform(0.06, 0.08), rng.choice(colours)
            )

    def bed(self, window_left: bool) -> None:
        """A bed against the wall on the side away from the window."""
        cv, rng = self.cv, self.rng
        wood = mix((176, 118, 80), self.pal[5], 0.1)
        wood = shade(wood, 0.85) if self.night else wood
        w = self.W * 0.42
        x0 = self.W * 0.56 if window_left else self.W * 0.02
        x1 = x0 + w
        head_x = x1 if window_left else x0
        side = 1 if window_left else -1
        top = self.H * 0.5
        base = self.H * 0.78
        cv.rrect(head_x - side * self.W * 0.04, top, head_x, base, cv.unit * 6, wood, weight=0.8)
        cv.rrect(x0, self.H * 0.62, x1, self.H * 0.74, cv.unit * 4, (250, 248, 240), weight=0.8)
        blanket = mix(self.pal[4], (255, 255, 255), 0.2)
        blanket = shade(blanket, 0.8) if self.night else blanket
        bx0 = x0 if window_left else x0 + w * 0.3
        bx1 = x1 - w * 0.3 if window_left else x1
        cv.rrect(bx0, self.H * 0.6, bx1, self.H * 0.76, cv.unit * 5, blanket, weight=0.8)
        for k in range(1, 4):
            yy = self.H * (0.6 + 0.04 * k)
            cv.line([(bx0 + cv.unit * 4, yy), (bx1 - cv.unit * 4, yy)], lighten(blanket, 0.35), cv.unit * 2)
        px = (x1 - w * 0.18) if window_left else (x0 + w * 0.18)
        cv.ellipse(px, self.H * 0.61, w * 0.12, self.H * 0.035, (255, 255, 255), weight=0.7)
        cv.rrect(x0, self.H * 0.74, x1, self.H * 0.78, cv.unit * 2, shade(wood, 0.9), weight=0.7)
        # A bedside rug on the floor.
        cx = self.W * rng.uniform(0.35, 0.65)
        rug = mix(self.pal[5], (236, 226, 210), 0.45)
        rug = shade(rug, 0.75) if self.night else rug
        cv.ellipse(cx, self.H * 0.93, self.W * 0.2, self.H * 0.05, shade(rug, 0.85), weight=0.6)
        cv.ellipse(cx, self.H * 0.93, self.W * 0.17, self.H * 0.037, rug, outline=False)

    def desk(self, cx, y, w) -> None:
        cv = self.cv
        wood = (190, 140, 90) if not self.night else (140, 100, 70)
        cv.rrect(cx - w / 2, y - self.H * 0.1, cx + w / 2, y - self.H * 0.08, cv.unit, wood, weight=0.6)
        for lx in (cx - w * 0.42, cx + w * 0.42):
            cv.rrect(lx - cv.unit * 2, y - self.H * 0.08, lx + cv.unit * 2, y, 0, shade(wood, 0.8), weight=0.5)
