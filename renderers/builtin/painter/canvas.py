"""The drawing surface: a supersampled image, its outline styles and primitives, and geometry helpers."""

from __future__ import annotations

import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw

from .palette import RGB, mix

#: Calm band at the top of every panel: sky or wall only, bubbles go there.
CALM_TOP = 0.22


def qbez(p0, p1, p2, n: int = 8) -> list[tuple[float, float]]:
    out = []
    for k in range(n + 1):
        t = k / n
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        out.append((a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]))
    return out


def ellipse_points(cx, cy, rx, ry, n: int = 36, start: float = 0.0, end: float = 2 * math.pi):
    return [
        (cx + rx * math.cos(start + (end - start) * k / n), cy + ry * math.sin(start + (end - start) * k / n))
        for k in range(n + (0 if end - start >= 2 * math.pi - 1e-9 else 1))
    ]


def tapered(center: list[tuple[float, float]], w0: float, w1: float) -> list[tuple[float, float]]:
    """A polygon around a centre line whose width goes from ``w0`` to ``w1``."""
    left, right = [], []
    n = len(center)
    for k, (x, y) in enumerate(center):
        ax, ay = center[max(0, k - 1)]
        bx, by = center[min(n - 1, k + 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        w = (w0 + (w1 - w0) * k / max(1, n - 1)) / 2
        left.append((x + nx * w, y + ny * w))
        right.append((x - nx * w, y - ny * w))
    return left + right[::-1]


# --------------------------------------------------------------------------
# the canvas


class Canvas:
    """A supersampled RGB image plus the outline style."""

    def __init__(self, width: int, height: int, scale: float, line_style: str, ink: RGB, seed: int):
        self.w, self.h, self.s = width, height, scale
        self.W, self.H = round(width * scale), round(height * scale)
        self.img = Image.new("RGB", (self.W, self.H), (200, 220, 240))
        self.d = ImageDraw.Draw(self.img)
        self.style = line_style if line_style in ("bold", "fine", "sketch", "none") else "fine"
        self.ink = ink
        unit = max(0.45, min(width, height) / 512) * scale
        self.unit = unit
        self.lw = {"bold": 3.2, "fine": 1.4, "sketch": 1.0, "none": 0.0}[self.style] * unit
        self.rng = random.Random(seed)

    # -- primitives
    def _w(self, weight: float) -> int:
        return max(1, round(self.lw * weight))

    def outline_on(self, outline: bool) -> bool:
        return outline and self.style != "none"

    def sketch_stroke(self, points, weight: float = 1.0, closed: bool = True) -> None:
        if len(points) < 2:
            return
        pts = list(points)
        if closed:
            pts = pts + pts[:2]
        amp = self.unit * 1.3 * weight
        width = max(1, round(self.unit * 1.15 * max(0.6, weight)))
        for _ in range(2):
            ox, oy = self.rng.uniform(-amp, amp) * 0.6, self.rng.uniform(-amp, amp) * 0.6
            stroke = [
                (x + ox + self.rng.uniform(-amp, amp) * 0.35, y + oy + self.rng.uniform(-amp, amp) * 0.35)
                for x, y in pts
            ]
            self.d.line(stroke, fill=self.ink, width=width, joint="curve")

    def poly(self, points, fill: RGB | None, outline: bool = True, weight: float = 1.0) -> None:
        if len(points) < 3:
            return
        if fill is not None:
            self.d.polygon(points, fill=fill)
        if not self.outline_on(outline):
            return
        if self.style == "sketch":
            self.sketch_stroke(points, weight)
        else:
            self.d.line([*list(points), points[0], points[1]], fill=self.ink, width=self._w(weight), joint="curve")

    def ellipse(self, cx, cy, rx, ry, fill: RGB | None, outline: bool = True, weight: float = 1.0) -> None:
        rx, ry = abs(rx), abs(ry)
        box = [cx - rx, cy - ry, cx + rx, cy + ry]
        if not self.outline_on(outline):
            if fill is not None:
                self.d.ellipse(box, fill=fill)
            return
        if self.style == "sketch":
            if fill is not None:
                self.d.ellipse(box, fill=fill)
            n = max(16, min(48, int((rx + ry) / (3 * self.s))))
            self.sketch_stroke(ellipse_points(cx, cy, rx, ry, n), weight)
            return
        w = self._w(weight)
        self.d.ellipse(
            [cx - rx - w / 2, cy - ry - w / 2, cx + rx + w / 2, cy + ry + w / 2], fill=fill, outline=self.ink, width=w
        )

    def rrect(self, x0, y0, x1, y1, radius, fill: RGB | None, outline: bool = True, weight: float = 1.0) -> None:
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        radius = max(0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2))
        if not self.outline_on(outline):
            self.d.rounded_rectangle([x0, y0, x1, y1], radius=radius, fill=fill)
            return
        if self.style == "sketch":
            self.d.rounded_rectangle([x0, y0, x1, y1], radius=radius, fill=fill)
            pts = rrect_points(x0, y0, x1, y1, radius)
            self.sketch_stroke(pts, weight)
            return
        w = self._w(weight)
        self.d.rounded_rectangle(
            [x0 - w / 2, y0 - w / 2, x1 + w / 2, y1 + w / 2],
            radius=radius + w / 2,
            fill=fill,
            outline=self.ink,
            width=w,
        )

    def union(self, ellipses, fill: RGB, outline: bool = True, weight: float = 1.0) -> None:
        """Overlapping ellipses outlined as one shape (clouds, bushes, canopies)."""
        if self.outline_on(outline):
            if self.style == "sketch":
                for cx, cy, rx, ry in ellipses:
                    n = max(16, min(48, int((rx + ry) / (3 * self.s))))
                    self.sketch_stroke(ellipse_points(cx, cy, rx, ry, n), weight)
            else:
                w = self._w(weight)
                for cx, cy, rx, ry in ellipses:
                    self.d.ellipse([cx - rx - w, cy - ry - w, cx + rx + w, cy + ry + w], fill=self.ink)
        for cx, cy, rx, ry in ellipses:
            self.d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=fill)

    def limb(self, points, width: float, fill: RGB, outline: bool = True, weight: float = 1.0) -> None:
        """A thick rounded stroke (arm, leg, tail, trunk)."""
        r = width / 2
        if self.outline_on(outline):
            w = self._w(weight) if self.style != "sketch" else max(1, round(self.unit * 0.9))
            self.d.line(points, fill=self.ink, width=round(width + 2 * w), joint="curve")
            for x, y in (points[0], points[-1]):
                self.d.ellipse([x - r - w, y - r - w, x + r + w, y + r + w], fill=self.ink)
        self.d.line(points, fill=fill, width=max(1, round(width)), joint="curve")
        for x, y in (points[0], points[-1]):
            self.d.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    def line(self, points, colour: RGB, width: float) -> None:
        self.d.line(points, fill=colour, width=max(1, round(width)), joint="curve")

    def glow(self, cx, cy, radius, colour: RGB, strength: float = 0.6) -> None:
        """A soft round light; only the part inside the canvas is computed."""
        size = max(2.0, radius * 2)
        x0, y0 = cx - radius, cy - radius
        vx0, vy0 = max(0, math.ceil(x0)), max(0, math.ceil(y0))
        vx1, vy1 = min(self.W, math.floor(x0 + size)), min(self.H, math.floor(y0 + size))
        if vx1 <= vx0 or vy1 <= vy0:
            return
        small = _radial_mask(128, round(strength, 3))
        k = 128 / size
        box = tuple(min(128.0, max(0.0, v)) for v in ((vx0 - x0) * k, (vy0 - y0) * k, (vx1 - x0) * k, (vy1 - y0) * k))
        mask = small.resize((vx1 - vx0, vy1 - vy0), Image.BILINEAR, box=box)
        self.img.paste(colour, (vx0, vy0), mask)

    def vgradient(self, box, stops) -> None:
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 <= x0 or y1 <= y0:
            return
        self.img.paste(vertical_gradient(x1 - x0, y1 - y0, stops), (x0, y0))


def rrect_points(x0, y0, x1, y1, r):
    pts = []
    for cx, cy, a0 in (
        (x1 - r, y0 + r, -math.pi / 2),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, math.pi / 2),
        (x0 + r, y0 + r, math.pi),
    ):
        for k in range(5):
            a = a0 + (math.pi / 2) * k / 4
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


@lru_cache(maxsize=64)
def _radial_mask(size: int, strength: float) -> Image.Image:
    base = Image.radial_gradient("L")  # 256x256, 0 at the centre
    lut = [round(255 * strength * max(0.0, 1 - v / 128) ** 2) for v in range(256)]
    return base.point(lut).resize((size, size), Image.BILINEAR)


def vertical_gradient(width: int, height: int, stops) -> Image.Image:
    n = max(2, min(256, height))
    column = Image.new("RGB", (1, n))
    px = column.load()
    for k in range(n):
        t = k / (n - 1)
        for idx in range(len(stops) - 1):
            t0, c0 = stops[idx]
            t1, c1 = stops[idx + 1]
            if t <= t1 or idx == len(stops) - 2:
                local = 0.0 if t1 == t0 else max(0.0, min(1.0, (t - t0) / (t1 - t0)))
                px[0, k] = mix(c0, c1, local)
                break
    return column.resize((width, height), Image.BILINEAR)
