"""The built-in painter: deterministic, scene-aware, and faithful to the cast."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from renderers.base import BackendError, ImageRequest, ImageResult, Subject
from renderers.builtin.painter import BuiltinPainter, character_look

CLASSIC = ("#5fb4f0", "#bfe6ff", "#7cc35a", "#e94f37", "#f6c344", "#3b6ea5")
MANGA = ("#9a9a9a", "#e6e6e6", "#6e6e6e", "#2b2b2b", "#c8c8c8", "#4a4a4a")

DRAGON = Subject("Pip", "a small green dragon with a striped scarf")
GIRL = Subject("Mara", "a girl in a yellow raincoat")


def request(
    prompt: str = "A sunny meadow.",
    *,
    width: int = 256,
    height: int = 192,
    seed: int = 1,
    subjects: tuple[Subject, ...] = (),
    palette: tuple[str, ...] = CLASSIC,
    line_style: str = "bold",
) -> ImageRequest:
    return ImageRequest(
        prompt=prompt, width=width, height=height, seed=seed, subjects=subjects, palette=palette, line_style=line_style
    )


def paint(req: ImageRequest) -> Image.Image:
    result = BuiltinPainter().paint(req)
    image = Image.open(io.BytesIO(result.data))
    image.load()
    return image


def mean_rgb(image: Image.Image) -> tuple[float, float, float]:
    r, g, b = ImageStat.Stat(image.convert("RGB")).mean
    return r, g, b


def changed_mask(a: Image.Image, b: Image.Image, threshold: int = 24) -> Image.Image:
    """White where the two pictures differ noticeably."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
    return diff.point(lambda v: 255 if v > threshold else 0)


def count_white(mask: Image.Image) -> int:
    return mask.histogram()[255]


def near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    """How many pixels are within ``tolerance`` (per channel) of ``colour``."""
    bands = image.convert("RGB").split()
    masks = [
        band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0) for band, c in zip(bands, colour, strict=True)
    ]
    both = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
    return count_white(both)


def dominant_colours(image: Image.Image, mask: Image.Image, top: int) -> list[tuple[int, int, int]]:
    """The most common colours under ``mask``, coarsely quantised."""
    quantised = image.convert("RGB").point(lambda v: (v // 32) * 32 + 16)
    counts: dict[tuple[int, int, int], int] = {}
    pixels = quantised.load()
    flags = mask.load()
    width, height = image.size
    for y in range(height):
        for x in range(width):
            if flags[x, y]:
                colour = pixels[x, y]
                counts[colour] = counts.get(colour, 0) + 1
    return [colour for colour, _ in sorted(counts.items(), key=lambda item: -item[1])[:top]]


# -------------------------------------------------------------------- basics


def test_the_painter_describes_itself():
    painter = BuiltinPainter(unknown_option="ignored", api_key=None)
    result = painter.paint(request(width=200, height=150))
    assert painter.name == "builtin"
    assert isinstance(result, ImageResult)
    assert result.model == "builtin-painter-1"
    assert result.steps is None
    assert (result.width, result.height) == (200, 150)
    assert result.data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(result.data))
    assert image.mode == "RGB"


def test_the_same_request_paints_identical_bytes():
    req = request("Pip and Mara in a forest at sunset, it is raining.", subjects=(DRAGON, GIRL), line_style="sketch")
    assert BuiltinPainter().paint(req).data == BuiltinPainter().paint(req).data


def test_a_different_seed_paints_a_different_picture():
    first = paint(request("A forest by day.", seed=1, subjects=(DRAGON,)))
    second = paint(request("A forest by day.", seed=2, subjects=(DRAGON,)))
    assert count_white(changed_mask(first, second)) > 0.02 * first.width * first.height


@pytest.mark.parametrize("prompt", ["A sunny meadow.", "Midnight in the city.", "Inside the bakery."])
def test_the_seed_moves_the_scenery_about(prompt):
    # Without any cast, the backdrop itself (clouds, trees, stars, shelves) depends on the seed.
    first = paint(request(prompt, seed=10))
    second = paint(request(prompt, seed=11))
    assert count_white(changed_mask(first, second)) > 0.02 * first.width * first.height


@pytest.mark.parametrize("size", [(64, 64), (2048, 64), (64, 2048), (333, 217), (1024, 768), (512, 1024)])
def test_the_picture_has_the_requested_size(size):
    width, height = size
    result = BuiltinPainter().paint(request(width=width, height=height, subjects=(GIRL,)))
    assert (result.width, result.height) == size
    assert Image.open(io.BytesIO(result.data)).size == size


@pytest.mark.parametrize("size", [(63, 200), (200, 63), (2049, 512), (512, 2049), (0, 0), (-100, 200)])
def test_sizes_out_of_range_are_refused(size):
    width, height = size
    with pytest.raises(BackendError):
        BuiltinPainter().paint(request(width=width, height=height))


# --------------------------------------------------------------------- scene


def test_a_night_scene_is_darker_than_a_sunny_day():
    day = paint(request("A sunny day in the meadow."))
    night = paint(request("Midnight in the meadow under the moon."))
    day_light = ImageStat.Stat(day.convert("L")).mean[0]
    night_light = ImageStat.Stat(night.convert("L")).mean[0]
    assert night_light < day_light - 40


def test_a_forest_is_greener_and_the_sea_is_bluer():
    forest = mean_rgb(paint(request("A walk in the deep forest.")))
    sea = mean_rgb(paint(request("Waves on the open sea by the beach.")))

    def greenness(rgb):
        return rgb[1] - (rgb[0] + rgb[2]) / 2

    def blueness(rgb):
        return rgb[2] - (rgb[0] + rgb[1]) / 2

    assert greenness(forest) > greenness(sea) + 10
    assert blueness(sea) > blueness(forest) + 10


@pytest.mark.parametrize(
    "prompt",
    [
        "A sunny meadow.",
        "Deep in the woods.",
        "A harbor full of boats.",
        "A quiet lake.",
        "A busy city street at night.",
        "The village market.",
        "Climbing the mountain cliff.",
        "Lost in the desert dunes.",
        "A snowy winter forest.",
        "It is snowing in the town.",
        "The king's castle at dusk.",
        "A rocket lands on a planet in outer space.",
        "Inside the tea shop.",
        "The school classroom.",
        "The old library at midnight.",
        "A bakery kitchen.",
        "A foggy morning on the beach.",
        "Rain on the mountain.",
    ],
)
@pytest.mark.parametrize("line_style", ["bold", "fine", "sketch", "none"])
def test_every_setting_and_line_style_paints(prompt, line_style):
    image = paint(request(prompt, width=160, height=120, subjects=(DRAGON, GIRL), line_style=line_style))
    assert image.size == (160, 120)
    # Not a flat fill: there is a picture.
    assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20


def test_settings_look_different_from_each_other():
    prompts = [
        "A sunny meadow.",
        "Deep in the woods.",
        "A sandy beach.",
        "A city street.",
        "Up a mountain.",
        "In the desert.",
        "A snowy field of ice.",
        "Before the castle.",
        "Outer space.",
        "A cosy kitchen.",
    ]
    images = [paint(request(p, width=128, height=96)) for p in prompts]
    for i, a in enumerate(images):
        for b in images[i + 1 :]:
            assert count_white(changed_mask(a, b)) > 0.1 * 128 * 96


def test_a_grey_palette_paints_a_grayscale_picture():
    image = paint(request("A busy city street.", subjects=(DRAGON, GIRL), palette=MANGA, line_style="sketch"))
    r, g, b = image.split()
    assert ImageChops.difference(r, g).getbbox() is None
    assert ImageChops.difference(g, b).getbbox() is None
    # ...but not a flat grey: the figures and the scenery have their own tones.
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 20


def test_a_colour_palette_paints_in_colour():
    image = paint(request("A busy city street.", subjects=(DRAGON,)))
    r, _g, b = image.split()
    assert ImageChops.difference(r, b).getbbox() is not None


def test_the_palette_tints_the_scenery():
    blue = paint(request("A sunny meadow.", palette=("#3050ff", "#80a0ff", "#3050ff", "#3050ff")))
    red = paint(request("A sunny meadow.", palette=("#ff4020", "#ffa080", "#ff4020", "#ff4020")))
    assert mean_rgb(blue)[2] - mean_rgb(blue)[0] > mean_rgb(red)[2] - mean_rgb(red)[0] + 20


def test_line_styles_differ():
    images = {
        style: paint(request("A sunny meadow.", subjects=(GIRL,), line_style=style))
        for style in ("bold", "fine", "sketch", "none")
    }
    styles = list(images)
    for i, a in enumerate(styles):
        for b in styles[i + 1 :]:
            assert count_white(changed_mask(images[a], images[b], threshold=10)) > 0, (a, b)


# --------------------------------------------------------------------- cast


def figure_mask(prompt: str, subjects: tuple[Subject, ...], seed: int, **kw) -> tuple[Image.Image, Image.Image]:
    """The picture with the cast, and a mask of where the cast changed it."""
    with_cast = paint(request(prompt, seed=seed, subjects=subjects, **kw))
    without = paint(request(prompt, seed=seed, **kw))
    return with_cast, changed_mask(with_cast, without)


def centroid_x(mask: Image.Image) -> float:
    """Mean x of the white pixels, as a fraction of the width."""
    width, height = mask.size
    columns = [count_white(mask.crop((x, 0, x + 1, height))) for x in range(width)]
    total = sum(columns)
    assert total, "nothing was drawn"
    return sum(x * n for x, n in enumerate(columns)) / total / width


def test_two_subjects_stand_at_a_quarter_and_three_quarters():
    width, height = 400, 240
    _image, mask = figure_mask("A sunny meadow.", (DRAGON, GIRL), 5, width=width, height=height)

    def changed_in(x0: float, x1: float) -> int:
        return count_white(mask.crop((int(x0 * width), height // 2, int(x1 * width), height)))

    band = 0.08
    assert changed_in(0.25 - band, 0.25 + band) > 0.25 * (2 * band * width) * (height / 2)
    assert changed_in(0.75 - band, 0.75 + band) > 0.25 * (2 * band * width) * (height / 2)
    # The space between them is mostly left alone, and the calm band at the top is empty.
    assert changed_in(0.47, 0.53) < changed_in(0.22, 0.28) / 4
    assert count_white(mask.crop((0, 0, width, int(height * 0.22)))) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_are_centred_on_their_anchors(seed):
    width, height = 480, 240
    boy = Subject("Tom", "a boy in a blue jumper")
    _, mask = figure_mask("A sunny meadow.", (GIRL, boy), seed, width=width, height=height)
    left = centroid_x(mask.crop((0, 0, width // 2, height))) * 0.5
    right = 0.5 + centroid_x(mask.crop((width // 2, 0, width, height))) * 0.5
    assert abs(left - 0.25) < 0.045
    assert abs(right - 0.75) < 0.045


def test_a_figure_is_about_half_the_panel_tall():
    width, height = 480, 300
    _, mask = figure_mask("A sunny meadow.", (GIRL,), 6, width=width, height=height)
    box = mask.getbbox()
    assert box is not None
    figure_height = (box[3] - box[1]) / height
    assert 0.33 <= figure_height <= 0.62
    assert box[1] >= 0.22 * height


def test_a_subject_keeps_its_colours_from_scene_to_scene():
    # No colour words: the colours come from the name and look alone.
    hero = Subject("Quill", "a curious creature, a small dragon")
    width, height = 320, 240
    looks = []
    for prompt, seed in (("A forest by day.", 3), ("A busy city street.", 44), ("A sandy beach.", 9)):
        image, mask = figure_mask(prompt, (hero,), seed, width=width, height=height)
        box = (int(width * 0.3), int(height * 0.45), int(width * 0.7), int(height * 0.85))
        looks.append(dominant_colours(image.crop(box), mask.crop(box), top=4))
    first = looks[0]
    for other in looks[1:]:
        assert first[0] in other[:2]
        assert len(set(first[:3]) & set(other)) >= 2


def test_the_same_cast_member_looks_the_same_in_every_panel():
    # Same seed, different scenes: the figure's pixels are the same wherever it is opaque.
    a, mask_a = figure_mask("A forest by day.", (GIRL,), 8, width=240, height=180)
    b, mask_b = figure_mask("A sandy beach.", (GIRL,), 8, width=240, height=180)
    both = ImageChops.multiply(mask_a, mask_b)
    inside = count_white(both)
    assert inside > 500
    same = changed_mask(a, b, threshold=30)
    assert count_white(ImageChops.multiply(same, both)) < 0.25 * inside


def test_colour_words_in_the_look_are_painted():
    scarf = Subject("Red", "a boy with a red scarf")
    scales = Subject("Moss", "a dragon with green scales")
    for subject, colour in ((scarf, (220, 60, 52)), (scales, (96, 184, 84))):
        with_cast = paint(request("A snowy winter field.", subjects=(subject,), width=320, height=240))
        without = paint(request("A snowy winter field.", width=320, height=240))
        assert near(with_cast, colour) > near(without, colour) + 60, subject


def test_different_looks_paint_different_characters():
    looks = [
        "a girl with long hair",
        "a grey cat",
        "a blue robot",
        "a purple dragon",
        "a brown owl",
        "a wizard with a pointy hat",
        "a white rabbit",
        "a fox with glasses",
    ]
    images = [paint(request("A sunny meadow.", subjects=(Subject("X", look),), seed=4)) for look in looks]
    for i, a in enumerate(images):
        for b in images[i + 1 :]:
            assert count_white(changed_mask(a, b)) > 300


def test_many_subjects_fit_a_narrow_panel():
    cast = tuple(
        Subject(f"S{i}", look) for i, look in enumerate(["a knight", "a red fox", "a tall robot", "a big green dragon"])
    )
    _image, mask = figure_mask("A sunny meadow.", cast, 2, width=200, height=400)
    assert count_white(mask.crop((0, 0, 200, int(400 * 0.22)))) == 0
    for i in range(4):
        x = int((i + 0.5) / 4 * 200)
        assert count_white(mask.crop((x - 5, 200, x + 5, 400))) > 0


def test_unknown_line_style_and_bad_palette_entries_are_tolerated():
    req = request(
        "A sunny meadow.", subjects=(GIRL,), palette=("not-a-colour", "#12345", "#00ff00"), line_style="watercolour"
    )
    assert BuiltinPainter().paint(req).width == 256


def test_a_headband_is_painted_round_the_head():
    # "a kitten ninja": the storyteller dresses the cat in a black ninja outfit and a coloured headband.
    ninja = Subject("Pip", "a small cat with ginger fur, wearing a black ninja outfit and a navy-blue headband")
    plain = Subject("Pip", "a small cat with ginger fur")
    assert character_look(ninja.name, ninja.look).accessory("hat")[3] == "headband"
    with_band, mask = figure_mask("A sunny meadow.", (ninja,), 4)
    without, plain_mask = figure_mask("A sunny meadow.", (plain,), 4)
    # Only the head changes, and the figure is not shrunk to make room for a hat.
    band = changed_mask(with_band, without)
    assert count_white(band) > 60
    top, bottom = plain_mask.getbbox()[1], plain_mask.getbbox()[3]
    assert band.getbbox()[3] < top + (bottom - top) * 0.45
    assert mask.getbbox()[3] - mask.getbbox()[1] >= bottom - top
