"""One picture from request to image: palette and canvas set-up, the setting, the cast, then the finish."""

from __future__ import annotations

import random

from PIL import Image, ImageChops

from ...base import ImageRequest, subject_anchor
from .canvas import CALM_TOP, Canvas
from .figures import Figure
from .indoors import Indoors
from .landscapes import Landscapes
from .looks import character_look
from .palette import DEFAULT_PALETTE, INK, RGB, _hex, lum, mix, shade
from .scene import read_scene, scene_text
from .sky import Sky
from .towns import Towns
from .words import _stable_int

_PAPER_LUT = [121 + (v * 15) // 256 for v in range(256)]
_GRAY_LUT = [round(255 * (v / 255) ** 0.72) for v in range(256)]


class _Painting(Sky, Landscapes, Towns, Indoors):
    """One request's picture: set-up, the setting's backdrop (from the mixins), the cast, the finish."""

    def __init__(self, request: ImageRequest, supersample: int):
        self.request = request
        self.scene = read_scene(scene_text(request.prompt, request.subjects))
        self.rng = random.Random(f"painter|{request.seed}|{request.prompt}|{request.width}x{request.height}")
        palette = [c for c in (_hex(p) for p in request.palette) if c is not None]
        self.gray = bool(palette) and all(r == g == b for r, g, b in palette)
        if self.gray:
            # A grey palette means a black-and-white picture: paint in the default colours and
            # let the final grayscale conversion turn hues into clear, varied greys.
            palette = []
        if not palette:
            palette = [_hex(p) for p in DEFAULT_PALETTE]  # type: ignore[misc]
        while len(palette) < 6:
            palette.append(_hex(DEFAULT_PALETTE[len(palette)]))  # type: ignore[arg-type]
        self.pal: list[RGB] = palette  # type: ignore[assignment]
        darkest = min(palette, key=lum)
        ink = darkest if lum(darkest) < 70 else INK
        if self.gray:
            ink = (30, 30, 30)
        line_style = request.line_style if request.line_style in ("bold", "fine", "sketch", "none") else "fine"
        # Very large panels are drawn once; they have pixels enough for smooth edges.
        area = request.width * request.height
        scale = supersample if area <= 1300 * 1000 else (1.5 if supersample > 1 and area <= 1700 * 1700 else 1)
        self.cv = Canvas(
            request.width, request.height, scale, line_style, ink, _stable_int("sketch", request.seed, request.prompt)
        )
        self.W, self.H = self.cv.W, self.cv.H
        self.ground_y = self.H * 0.9
        #: Size unit for props (trees, lamps, boats): tall narrow panels must not get giant trees.
        self.SZ = min(self.H, self.W * 1.2)
        self.horizon = self.H * 0.6
        self.night = self.scene.time == "night"
        self.dusk = self.scene.time == "dusk"
        n = len(request.subjects)
        self.zones = [(subject_anchor(i, n) * self.W, min(self.W / n * 0.42, self.H * 0.3)) for i in range(n)]

    def free_x(self, lo: float, hi: float, pad: float = 0.0) -> float | None:
        """A random x in ``[lo, hi]`` (fractions of the width) clear of every figure, or None."""
        for _ in range(10):
            x = self.W * self.rng.uniform(lo, hi)
            if all(abs(x - cx) > half + pad for cx, half in self.zones):
                return x
        return None

    # -- colour helpers
    def tone(self, c: RGB, amount: float = 1.0) -> RGB:
        """Scenery colour under the scene's light."""
        if self.night:
            return mix(c, shade(mix(c, (40, 52, 110), 0.55), 0.55), amount)
        if self.dusk:
            return mix(c, mix(c, (250, 150, 110), 0.22), amount)
        if self.scene.rain:
            return mix(c, mix(c, (120, 130, 150), 0.3), amount)
        return c

    def tint(self, base: RGB, slot: int, amount: float = 0.35) -> RGB:
        return mix(base, self.pal[slot], amount)

    # -- main
    def render(self) -> Image.Image:
        setting = self.scene.setting
        painter = getattr(self, f"paint_{setting}", self.paint_meadow)
        painter()
        if self.scene.fog:
            self.fog_overlay()
        self.paint_cast()
        img = self.cv.img
        if self.cv.s != 1:
            img = img.resize((self.request.width, self.request.height), Image.LANCZOS)
        img = self.weather(img)
        if self.cv.style in ("none", "sketch"):
            img = self.paper(img)
        if self.gray:
            # Manga-style values: lift the mid greys, keep the ink black.
            img = img.convert("L").point(_GRAY_LUT).convert("RGB")
        return img

    def paper(self, img: Image.Image) -> Image.Image:
        """A faint watercolour-paper mottle for the soft and sketchy styles."""
        w, h = img.size
        tw, th = max(2, w // 12), max(2, h // 12)
        rng = random.Random(f"paper|{self.request.seed}")
        noise = Image.frombytes("L", (tw, th), rng.randbytes(tw * th)).point(_PAPER_LUT)
        tex = noise.resize((w, h), Image.BILINEAR)
        return ImageChops.soft_light(img, Image.merge("RGB", (tex, tex, tex)))

    # ----------------------------------------------------------------- cast
    def paint_cast(self) -> None:
        subjects = self.request.subjects
        n = len(subjects)
        if not n:
            return
        cv = self.cv
        outdoor_night = self.night and self.scene.setting not in ("indoor",)
        for i, subject in enumerate(subjects):
            look = character_look(subject.name, subject.look)
            pose_rng = random.Random(f"pose|{self.request.seed}|{i}|{subject.name}")
            target = {"person": 0.5, "animal": 0.42, "creature": 0.52, "robot": 0.48}[look.kind] * look.size
            if look.species in ("owl", "bird", "mouse"):
                target *= 0.82
            if look.species == "bear":
                target *= 1.08
            target = max(0.3, min(0.56, target))
            fig_h = self.H * target
            # Crowded panels: keep each figure inside its slot.
            slot_w = self.W / n
            width_ratio = {"person": 0.62, "animal": 0.8, "creature": 1.1, "robot": 0.75}[look.kind]
            fig_h = min(fig_h, slot_w * 0.9 / width_ratio)
            # Hats and ears stay below the calm band.
            head_room = {"person": 1.0, "animal": 1.05, "creature": 1.0, "robot": 1.0}[look.kind]
            if look.accessory("hat") is not None:
                head_room += {"pointy": 0.28, "headband": 0.0}.get(look.accessory("hat")[3], 0.16)
            if look.species == "rabbit":
                head_room += 0.22
            if look.kind == "robot":
                head_room += 0.1
            ground = self.ground_y
            fig_h = min(fig_h, (ground - self.H * (CALM_TOP + 0.02)) / head_room)
            cx = subject_anchor(i, n) * self.W + pose_rng.uniform(-0.025, 0.025) * self.W
            facing = 1 if pose_rng.random() < 0.5 else -1
            if n > 1:
                # Pairs and groups tend to face the middle.
                mid = (n - 1) / 2
                if i < mid and pose_rng.random() < 0.75:
                    facing = 1
                elif i > mid and pose_rng.random() < 0.75:
                    facing = -1
            tint = 0.2 if outdoor_night else 0.0
            shadow_c = shade(
                self.cv.img.getpixel((int(min(self.W - 1, max(0, cx))), int(min(self.H - 1, ground + 2)))), 0.8
            )
            sw = fig_h * 0.32 * width_ratio
            cv.d.ellipse([cx - sw, ground - fig_h * 0.035, cx + sw, ground + fig_h * 0.035], fill=shadow_c)
            figure = Figure(cv, cx, ground, fig_h / 100, facing, look, pose_rng, tint)
            figure.pale_skin = self.gray
            figure.draw()
