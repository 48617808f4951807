"""The sky over outdoor settings (gradient, sun, moon, stars, clouds), outer space, and the weather."""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw

from .canvas import qbez, vertical_gradient
from .palette import RGB, lighten, mix, shade
from .scene import scene_text
from .words import _has


class Sky:
    """Skies, space and weather; mixed into :class:`~.painting._Painting` (uses its canvas, rng, scene, sizes)."""

    def sky_colours(self) -> tuple[RGB, RGB]:
        p0, p1 = self.pal[0], self.pal[1]
        if self.night:
            top = mix((14, 20, 52), p0, 0.15)
            bottom = mix((52, 62, 120), p1, 0.12)
        elif self.dusk:
            top = mix((110, 110, 190), p0, 0.25)
            bottom = mix((255, 178, 120), p1, 0.2)
        else:
            top = mix((92, 176, 238), p0, 0.55)
            bottom = mix((214, 238, 252), p1, 0.55)
        if self.scene.rain:
            top, bottom = mix(top, (120, 128, 146), 0.55), mix(bottom, (176, 182, 194), 0.55)
        elif self.scene.snow and not self.night:
            top, bottom = mix(top, (170, 182, 204), 0.5), mix(bottom, (226, 232, 240), 0.5)
        if self.gray and not self.night:
            # Black-and-white pages keep the sky pale; a screentone gives it its value.
            top, bottom = mix(top, (250, 250, 250), 0.6), mix(bottom, (255, 255, 255), 0.7)
        return top, bottom

    def screentone(self, y0: float, y1: float) -> None:
        """Manga dot screen over the sky, dense at the top and fading out downwards."""
        cv = self.cv
        step = max(4, round(cv.unit * 5))
        tile_n = max(1, 96 // step)
        tile = Image.new("L", (step * tile_n, step * tile_n), 0)
        td = ImageDraw.Draw(tile)
        r = step * 0.32
        for j in range(tile_n):
            for i in range(tile_n):
                cx = i * step + (step / 2 if j % 2 else 0) + step / 4
                cy = j * step + step / 2
                td.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
        width, height = int(self.W), int(y1 - y0)
        if height <= 0:
            return
        strip = Image.new("L", (width, tile.height), 0)
        for tx in range(0, width, tile.width):
            strip.paste(tile, (tx, 0))
        dots = Image.new("L", (width, height), 0)
        for ty in range(0, height, tile.height):
            dots.paste(strip, (0, ty))
        fade = vertical_gradient(1, 64, [(0, (110, 110, 110)), (0.7, (20, 20, 20)), (1, (0, 0, 0))]).convert("L")
        mask = ImageChops.multiply(dots, fade.resize((width, height), Image.BILINEAR))
        cv.img.paste((60, 70, 90), (0, int(y0)), mask)

    def paint_sky(self, bottom_frac: float = 0.75) -> None:
        top, bottom = self.sky_colours()
        stops = [(0, top), (0.55, mix(top, bottom, 0.6)), (1, bottom)] if self.dusk else [(0, top), (1, bottom)]
        self.cv.vgradient((0, 0, self.W, self.H * bottom_frac + 2), stops)
        if self.gray and not self.night:
            self.screentone(0, self.H * bottom_frac)
        if self.night:
            self.stars(self.H * bottom_frac)
            self.moon()
        elif not (self.scene.rain or self.scene.snow):
            self.sun()
        if not self.night or self.rng.random() < 0.5:
            self.clouds(self.rng.randint(2, 4) if not self.scene.rain else 5)

    def stars(self, limit_y: float, count: int | None = None) -> None:
        rng, cv = self.rng, self.cv
        area = self.W * limit_y / (cv.s * cv.s)
        count = count or int(min(160, max(12, area / 5200)))
        for _ in range(count):
            x, y = rng.uniform(0, self.W), rng.uniform(0, limit_y * 0.95)
            r = rng.choice((0.6, 0.8, 1.0, 1.0, 1.4)) * cv.unit
            c = mix((255, 250, 220), (200, 220, 255), rng.random())
            if rng.random() < 0.12:
                s = r * 3.2
                cv.poly(
                    [
                        (x, y - s),
                        (x + s * 0.25, y - s * 0.25),
                        (x + s, y),
                        (x + s * 0.25, y + s * 0.25),
                        (x, y + s),
                        (x - s * 0.25, y + s * 0.25),
                        (x - s, y),
                        (x - s * 0.25, y - s * 0.25),
                    ],
                    c,
                    outline=False,
                )
            else:
                cv.d.ellipse([x - r, y - r, x + r, y + r], fill=c)

    def moon(self) -> None:
        cv, rng = self.cv, self.rng
        r = min(self.W, self.H) * rng.uniform(0.06, 0.08)
        cx = self.W * rng.choice((rng.uniform(0.12, 0.3), rng.uniform(0.7, 0.88)))
        cy = self.H * rng.uniform(0.14, 0.24)
        cv.glow(cx, cy, r * 5, (120, 140, 210), 0.45)
        colour = (250, 244, 210)
        if rng.random() < 0.5:
            size = int(r * 2) + 2
            mask = Image.new("L", (size, size), 0)
            md = ImageDraw.Draw(mask)
            md.ellipse([0, 0, size - 1, size - 1], fill=255)
            off = r * 0.75
            md.ellipse([off, -r * 0.25, size - 1 + off, size - 1 - r * 0.25], fill=0)
            cv.img.paste(colour, (int(cx - r), int(cy - r)), mask)
        else:
            cv.d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
            for dx, dy, cr in ((-0.3, -0.2, 0.22), (0.35, 0.25, 0.16), (-0.1, 0.45, 0.12)):
                cv.d.ellipse(
                    [cx + dx * r - cr * r, cy + dy * r - cr * r, cx + dx * r + cr * r, cy + dy * r + cr * r],
                    fill=(232, 224, 190),
                )

    def sun(self) -> None:
        cv, rng = self.cv, self.rng
        r = min(self.W, self.H) * rng.uniform(0.06, 0.075)
        if self.dusk:
            cx, cy = self.W * rng.uniform(0.2, 0.8), self.horizon - r * 0.3
            cv.glow(cx, cy, r * 8, (255, 200, 130), 0.55)
            cv.d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 214, 120))
            return
        cx = self.W * rng.choice((rng.uniform(0.08, 0.22), rng.uniform(0.78, 0.92)))
        cy = self.H * rng.uniform(0.12, 0.2)
        cv.glow(cx, cy, r * 6, (255, 250, 210), 0.55)
        colour = mix((255, 212, 84), self.pal[4], 0.08)
        cv.ellipse(cx, cy, r, r, colour, weight=0.7)

    def clouds(self, count: int) -> None:
        cv, rng = self.cv, self.rng
        colour = (255, 255, 255) if not self.scene.rain else (214, 218, 226)
        if self.dusk:
            colour = (255, 228, 214)
        if self.night:
            colour = (70, 80, 130)
        for k in range(count):
            w = self.W * rng.uniform(0.12, 0.2)
            cx = self.W * ((k + rng.uniform(0.15, 0.85)) / count)
            cy = self.H * rng.uniform(0.1, 0.42 if k % 2 else 0.3)
            h = w * 0.28
            blobs = [(cx, cy + h * 0.2, w * 0.5, h * 0.45)]
            for _j in range(rng.randint(3, 4)):
                bx = cx + w * rng.uniform(-0.32, 0.32)
                br = w * rng.uniform(0.16, 0.24)
                blobs.append((bx, cy - br * 0.2 + h * 0.1, br, br * 0.9))
            cv.union(blobs, colour, outline=not self.night, weight=0.55)

    # space ----------------------------------------------------------------
    def paint_space(self) -> None:
        cv, rng = self.cv, self.rng
        top = mix((10, 12, 40), self.pal[0], 0.15)
        bottom = mix((50, 30, 90), self.pal[1], 0.15)
        cv.vgradient((0, 0, self.W, self.H), [(0, top), (0.7, bottom), (1, bottom)])
        cv.glow(self.W * rng.uniform(0.2, 0.8), self.H * 0.4, self.W * 0.5, (140, 80, 170), 0.25)
        self.stars(self.H * 0.8, count=int(min(220, max(30, self.W * self.H / (cv.s * cv.s) / 3000))))
        px, py = self.W * rng.choice((0.2, 0.78)), self.H * rng.uniform(0.3, 0.42)
        pr = min(self.W, self.H) * rng.uniform(0.1, 0.14)
        planet = mix((230, 140, 90), self.pal[3], 0.35)
        ring = mix((250, 220, 160), self.pal[4], 0.3)
        cv.d.ellipse([px - pr * 1.9, py - pr * 0.45, px + pr * 1.9, py + pr * 0.45], outline=ring, width=int(pr * 0.14))
        cv.ellipse(px, py, pr, pr, planet, weight=0.7)
        cv.d.chord([px - pr, py - pr, px + pr, py + pr], 200, 340, fill=lighten(planet, 0.2))
        cv.d.arc(
            [px - pr * 1.9, py - pr * 0.45, px + pr * 1.9, py + pr * 0.45], 0, 180, fill=ring, width=int(pr * 0.14)
        )
        sx = self.W - px + rng.uniform(-0.05, 0.05) * self.W
        sr = pr * 0.3
        cv.ellipse(sx, self.H * rng.uniform(0.3, 0.45), sr, sr, mix((120, 190, 230), self.pal[5], 0.3), weight=0.6)
        surface = mix((170, 166, 184), self.pal[2], 0.25)
        pts = []
        for k in range(41):
            x = self.W * k / 40
            pts.append((x, self.H * 0.74 + (x - self.W / 2) ** 2 / (self.W * self.W) * self.H * 0.16))
        cv.poly([(-4, self.H + 4), *pts, (self.W + 4, self.H + 4)], surface, weight=0.8)
        for _ in range(rng.randint(5, 8)):
            x, y = self.W * rng.uniform(0, 1), self.H * rng.uniform(0.8, 0.98)
            r = self.H * rng.uniform(0.015, 0.04)
            cv.ellipse(x, y, r * 2, r * 0.6, shade(surface, 0.82), weight=0.4)
            cv.d.chord([x - r * 2, y - r * 0.6, x + r * 2, y + r * 0.6], 0, 180, fill=shade(surface, 0.92))
        if _has(scene_text(self.request.prompt, self.request.subjects), "rocket", "spaceship", "spacecraft") >= 0:
            self.rocket(self.W * rng.choice((0.08, 0.92)), self.H * 0.82, self.SZ * 0.42)

    def rocket(self, x, base, size) -> None:
        cv = self.cv
        body = mix((240, 240, 246), self.pal[1], 0.1)
        red = mix((220, 70, 60), self.pal[3], 0.3)
        w = size * 0.22
        cv.poly([(x - w, base - size * 0.15), (x - w * 1.7, base), (x - w * 0.5, base - size * 0.05)], red, weight=0.7)
        cv.poly([(x + w, base - size * 0.15), (x + w * 1.7, base), (x + w * 0.5, base - size * 0.05)], red, weight=0.7)
        pts = [
            (x - w, base - size * 0.05),
            *qbez((x - w, base - size * 0.6), (x - w, base - size * 0.85), (x, base - size)),
            *qbez((x, base - size), (x + w, base - size * 0.85), (x + w, base - size * 0.6)),
            (x + w, base - size * 0.05),
        ]
        cv.poly(pts, body, weight=0.8)
        cv.ellipse(x, base - size * 0.55, w * 0.5, w * 0.5, mix((120, 200, 240), self.pal[5], 0.2), weight=0.7)
        cv.poly(
            qbez((x - w * 0.55, base - size * 0.8), (x, base - size * 1.02), (x + w * 0.55, base - size * 0.8)),
            red,
            weight=0.6,
        )

    # ------------------------------------------------------------- overlays
    def fog_overlay(self) -> None:
        haze = lighten(self.sky_colours()[1], 0.3)
        if self.night:
            haze = (110, 120, 150)
        mask = vertical_gradient(1, 64, [(0, (60, 60, 60)), (0.6, (170, 170, 170)), (1, (110, 110, 110))]).convert("L")
        mask = mask.resize((self.W, self.H), Image.BILINEAR)
        self.cv.img.paste(haze, (0, 0), mask)

    def weather(self, img: Image.Image) -> Image.Image:
        scene = self.scene
        if not (scene.rain or scene.snow):
            return img
        w, h = img.size
        rng = random.Random(f"weather|{self.request.seed}")
        overlay = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(overlay)
        unit = max(0.5, min(w, h) / 512)
        if scene.rain:
            count = int(w * h / 2200)
            for _ in range(count):
                x, y = rng.uniform(-w * 0.1, w), rng.uniform(-h * 0.05, h)
                length = unit * rng.uniform(10, 22)
                d.line(
                    [(x, y), (x + length * 0.25, y + length)],
                    fill=(220, 232, 255, rng.randint(90, 170)),
                    width=max(1, round(unit * 1.2)),
                )
        if scene.snow:
            count = int(w * h / 2600)
            for _ in range(count):
                x, y = rng.uniform(0, w), rng.uniform(0, h)
                r = unit * rng.uniform(1.2, 3.2)
                d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(170, 240)))
        img = img.convert("RGBA")
        img.alpha_composite(overlay)
        return img.convert("RGB")
