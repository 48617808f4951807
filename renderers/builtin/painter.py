"""The built-in offline painter: flat-colour procedural pictures with Pillow.

``BuiltinPainter`` needs no key and no network. It reads the scene out of the
prompt with plain keyword matching (setting, time of day, weather), paints a
simple children's-book style backdrop, and stands every subject on the ground
line at :func:`renderers.base.subject_anchor`. A character's shape and colours
are a pure function of its ``(name, look)`` so a cast member looks the same in
every panel; the seed only moves clouds, trees and stars about and nudges the
pose. Everything is drawn at twice the size and downsampled for smooth edges.

The picture never contains text: lettering is the app's job.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw

from ..base import BackendError, ImageRequest, ImageResult, Subject, subject_anchor

MODEL = "builtin-painter-1"
MIN_SIDE, MAX_SIDE = 64, 2048
#: Calm band at the top of every panel: sky or wall only, bubbles go there.
CALM_TOP = 0.22

RGB = tuple[int, int, int]

DEFAULT_PALETTE: tuple[str, ...] = ("#6ec3f4", "#d9f1ff", "#86cf6a", "#f2c14e", "#e76f51", "#5b8fd1")

# --------------------------------------------------------------------------
# colours


def _hex(value: str) -> RGB | None:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        return None
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def shade(c: RGB, f: float) -> RGB:
    return tuple(max(0, min(255, round(v * f))) for v in c)  # type: ignore[return-value]


def lighten(c: RGB, t: float) -> RGB:
    return mix(c, (255, 255, 255), t)


def lum(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _hsv(c: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hsv(c[0] / 255, c[1] / 255, c[2] / 255)


def _from_hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, max(0.0, min(1.0, s)), max(0.0, min(1.0, v)))
    return (round(r * 255), round(g * 255), round(b * 255))


WHITE: RGB = (255, 255, 255)
INK: RGB = (43, 34, 52)

COLOUR_WORDS: dict[str, RGB] = {
    "green": (96, 184, 84),
    "mint": (150, 222, 184),
    "emerald": (46, 160, 100),
    "lime": (170, 220, 70),
    "olive": (128, 138, 60),
    "jade": (70, 170, 130),
    "red": (220, 60, 52),
    "crimson": (184, 28, 56),
    "scarlet": (226, 44, 40),
    "maroon": (130, 30, 48),
    "ruby": (196, 30, 70),
    "rust": (180, 86, 44),
    "blue": (62, 120, 210),
    "navy": (38, 56, 120),
    "cobalt": (40, 80, 190),
    "azure": (70, 150, 230),
    "teal": (32, 150, 150),
    "turquoise": (56, 200, 190),
    "cyan": (70, 200, 225),
    "aqua": (90, 210, 215),
    "indigo": (76, 60, 160),
    "yellow": (248, 208, 60),
    "golden": (232, 176, 48),
    "gold": (232, 176, 48),
    "amber": (238, 160, 40),
    "mustard": (212, 172, 50),
    "lemon": (250, 226, 90),
    "orange": (242, 140, 48),
    "ginger": (214, 118, 52),
    "copper": (190, 110, 60),
    "bronze": (176, 126, 60),
    "peach": (250, 186, 150),
    "coral": (246, 124, 108),
    "purple": (132, 78, 176),
    "violet": (154, 104, 214),
    "lavender": (186, 160, 226),
    "lilac": (200, 164, 220),
    "plum": (128, 60, 110),
    "magenta": (210, 60, 160),
    "pink": (244, 146, 178),
    "rose": (232, 110, 140),
    "brown": (136, 90, 58),
    "chocolate": (100, 62, 40),
    "chestnut": (140, 70, 40),
    "auburn": (150, 64, 36),
    "tan": (210, 170, 120),
    "beige": (222, 200, 160),
    "sandy": (222, 192, 130),
    "black": (46, 44, 54),
    "white": (246, 246, 242),
    "ivory": (250, 244, 226),
    "grey": (150, 152, 160),
    "gray": (150, 152, 160),
    "silver": (194, 200, 210),
    "cream": (248, 236, 206),
    "blonde": (238, 206, 120),
    "blond": (238, 206, 120),
}
COLOUR_MODIFIERS = {"dark": 0.62, "deep": 0.7, "light": 1.35, "pale": 1.45, "bright": 1.12, "pastel": 1.4}

SKIN_TONES: tuple[RGB, ...] = (
    (255, 222, 192),
    (246, 202, 160),
    (232, 180, 138),
    (206, 146, 102),
    (168, 112, 76),
    (126, 84, 58),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (70, 46, 34),
    (118, 74, 44),
    (232, 196, 110),
    (168, 78, 40),
    (40, 38, 48),
    (150, 100, 60),
)
WARMS: tuple[RGB, ...] = ((246, 150, 60), (250, 206, 80), (240, 120, 150), (226, 78, 70), (160, 110, 220))
BRIGHTS: tuple[RGB, ...] = (
    (220, 60, 52),
    (242, 140, 48),
    (248, 200, 60),
    (62, 120, 210),
    (132, 78, 176),
    (32, 150, 150),
    (244, 130, 170),
    (96, 184, 84),
)

# --------------------------------------------------------------------------
# words


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|[,.;:!?()]", text.lower())


def _has(text: str, *words: str) -> int:
    """Position of the earliest of ``words`` (plural forms allowed), or -1."""
    best = -1
    for word in words:
        m = re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    return best


def _stable_int(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


# --------------------------------------------------------------------------
# the scene


SETTINGS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # name, strong keywords, weak keywords (used only when nothing strong matched)
    (
        "space",
        (
            "space",
            "outer space",
            "planet",
            "rocket",
            "spaceship",
            "galaxy",
            "asteroid",
            "orbit",
            "spacecraft",
            "nebula",
            "moon base",
            "alien world",
        ),
        ("stars", "astronaut"),
    ),
    (
        "indoor",
        (
            "shop",
            "kitchen",
            "room",
            "tea",
            "teahouse",
            "tearoom",
            "cafe",
            "café",
            "coffee",
            "library",
            "bakery",
            "classroom",
            "indoors",
            "inside",
            "bedroom",
            "tavern",
            "inn",
            "restaurant",
            "store",
            "workshop",
            "attic",
            "laboratory",
            "lab",
            "parlour",
            "parlor",
            "hallway",
            "diner",
            "studio",
            "bookshop",
            "bookstore",
            "school",
            "living room",
        ),
        ("house", "home", "hall"),
    ),
    ("castle", ("castle", "palace", "fortress", "kingdom", "throne"), ("tower",)),
    (
        "city",
        (
            "city",
            "street",
            "town",
            "market",
            "village",
            "alley",
            "downtown",
            "square",
            "plaza",
            "marketplace",
            "bazaar",
            "avenue",
            "road",
        ),
        ("building", "shops"),
    ),
    (
        "sea",
        (
            "sea",
            "ocean",
            "beach",
            "harbor",
            "harbour",
            "lake",
            "shore",
            "seaside",
            "coast",
            "pier",
            "dock",
            "island",
            "waves",
            "bay",
            "port",
            "river",
        ),
        ("boat", "ship", "water"),
    ),
    ("snow", ("snow", "winter", "ice", "icy", "arctic", "glacier", "snowy", "frozen", "igloo", "blizzard"), ()),
    ("desert", ("desert", "dunes", "dune", "oasis", "cactus", "canyon"), ("sand", "sandy")),
    (
        "mountain",
        ("mountain", "cliff", "peak", "summit", "valley", "alps", "ridge", "mountainside"),
        ("hill", "hillside", "rocks"),
    ),
    ("forest", ("forest", "woods", "wood", "jungle", "grove", "woodland", "trees", "orchard"), ("tree",)),
)

NIGHT_WORDS = (
    "night",
    "moon",
    "midnight",
    "moonlight",
    "moonlit",
    "nighttime",
    "starry",
    "starlight",
    "stars",
    "bedtime",
)
DUSK_WORDS = ("dawn", "sunset", "evening", "dusk", "sunrise", "twilight", "golden hour", "daybreak")


@dataclass
class Scene:
    setting: str = "meadow"
    variant: str = ""
    time: str = "day"  # day | dusk | night
    rain: bool = False
    snow: bool = False
    fog: bool = False
    wintry: bool = False
    extras: set[str] = field(default_factory=set)


def scene_text(prompt: str, subjects: tuple[Subject, ...]) -> str:
    """The scene part of a prompt: without the cast's looks and the style tail."""
    text = prompt.lower()
    for marker in ("characters from left to right:", "character:"):
        at = text.find(marker)
        if at >= 0:
            text = text[:at]
    for subject in subjects:
        look = subject.look.lower().strip().rstrip(". ")
        if look:
            text = text.replace(look, " ")
    return text


def read_scene(text: str) -> Scene:
    scene = Scene()
    found: list[tuple[int, int, str]] = []
    for order, (name, strong, _weak) in enumerate(SETTINGS):
        at = _has(text, *strong)
        if at >= 0:
            found.append((at, order, name))
    if not found:
        for order, (name, _strong, weak) in enumerate(SETTINGS):
            at = _has(text, *weak) if weak else -1
            if at >= 0:
                found.append((at, order, name))
    if found:
        # Indoors wins over anything seen through the window; otherwise first mention.
        names = [name for _, _, name in found]
        if "indoor" in names and _has(text, "outside", "outdoors", "garden", "courtyard") < 0:
            scene.setting = "indoor"
        else:
            scene.setting = min(found)[2]
        scene.extras = set(names) - {scene.setting}
    scene.snow = _has(text, "snow", "snowing", "snowfall", "snowflake", "blizzard", "snowstorm") >= 0
    # Snow on another outdoor setting: paint that setting under snow.
    outdoor = ("city", "forest", "mountain", "castle", "sea")
    if scene.setting == "snow":
        others = sorted((at, name) for at, _, name in found if name in outdoor)
        if others:
            scene.setting = others[0][1]
            scene.extras = (scene.extras | {"snow"}) - {scene.setting}
        scene.wintry = True
    elif scene.setting in (*outdoor, "meadow") and ("snow" in scene.extras or scene.snow):
        scene.wintry = True
    scene.variant = _variant(scene.setting, text)
    if scene.setting == "space" or _has(text, *NIGHT_WORDS) >= 0:
        scene.time = "night"
    elif _has(text, *DUSK_WORDS) >= 0:
        scene.time = "dusk"
    scene.rain = (
        _has(
            text,
            "rain",
            "raining",
            "rainy",
            "rainstorm",
            "storm",
            "stormy",
            "drizzle",
            "downpour",
            "thunderstorm",
            "rainfall",
        )
        >= 0
    )
    scene.fog = _has(text, "fog", "foggy", "mist", "misty", "haze", "hazy") >= 0
    if scene.setting in ("space", "indoor"):
        scene.rain = scene.snow = False
        scene.fog = scene.fog and scene.setting == "indoor"
    return scene


def _variant(setting: str, text: str) -> str:
    table: tuple[tuple[str, tuple[str, ...]], ...] = ()
    default = ""
    if setting == "indoor":
        default = "room"
        table = (
            ("library", ("library", "bookshop", "bookstore", "books", "study")),
            ("bakery", ("bakery", "bread", "cake", "pastry", "baker")),
            ("classroom", ("classroom", "school", "lesson", "teacher")),
            ("tea", ("tea", "cafe", "café", "coffee", "teahouse", "tearoom", "diner", "restaurant")),
            ("kitchen", ("kitchen", "cook", "cooking")),
            ("shop", ("shop", "store", "market")),
            ("bedroom", ("bedroom", "bed")),
        )
    elif setting == "sea":
        default = "beach"
        table = (
            ("harbor", ("harbor", "harbour", "pier", "dock", "port")),
            ("lake", ("lake", "pond", "river")),
            ("beach", ("beach", "shore", "sand")),
        )
    elif setting == "city":
        if _has(text, "market", "marketplace", "bazaar", "stall") >= 0:
            return "market"
        if _has(text, "village", "town") >= 0 and _has(text, "city") < 0:
            return "town"
        return "city"
    for variant, words in table:
        if _has(text, *words) >= 0:
            return variant
    return default


# --------------------------------------------------------------------------
# characters


@dataclass(frozen=True)
class Look:
    kind: str  # person | animal | creature | robot
    species: str
    body: RGB
    accent: RGB
    belly: RGB
    skin: RGB
    hair: RGB
    hair_style: str
    outfit: RGB
    outfit_long: bool
    legs: RGB
    shoes: RGB
    eyes: RGB | None
    size: float
    accessories: tuple[tuple[str, RGB, RGB, str], ...]  # (name, colour, second colour, variant)
    pattern: str  # "", "stripes", "spots"
    beard: bool
    lit: RGB
    role: str
    wings: RGB | None = None
    buttons: bool = False

    def accessory(self, name: str):
        for item in self.accessories:
            if item[0] == name:
                return item
        return None


CREATURES = ("dragon", "lizard", "dinosaur", "dino", "wyvern", "drake", "monster", "kaiju")
ANIMALS = (
    "cat",
    "kitten",
    "kitty",
    "fox",
    "dog",
    "puppy",
    "pup",
    "wolf",
    "rabbit",
    "bunny",
    "hare",
    "bear",
    "mouse",
    "owl",
    "bird",
    "hedgehog",
    "raccoon",
    "squirrel",
    "penguin",
    "duck",
    "chick",
    "tiger",
    "lion",
    "panda",
    "hamster",
    "otter",
    "badger",
    "frog",
    "toad",
    "pig",
    "piglet",
    "cow",
    "calf",
    "bull",
    "sheep",
    "lamb",
    "goat",
    "monkey",
    "ape",
    "gorilla",
    "horse",
    "pony",
    "donkey",
    "deer",
    "unicorn",
    "koala",
    "elephant",
)
SPECIES_ALIAS = {
    "kitten": "cat",
    "kitty": "cat",
    "tiger": "cat",
    "lion": "cat",
    "puppy": "dog",
    "pup": "dog",
    "bunny": "rabbit",
    "hare": "rabbit",
    "panda": "bear",
    "hamster": "mouse",
    "raccoon": "fox",
    "squirrel": "fox",
    "otter": "bear",
    "badger": "bear",
    "hedgehog": "mouse",
    "penguin": "bird",
    "duck": "bird",
    "chick": "bird",
    "dino": "dinosaur",
    "wyvern": "dragon",
    "drake": "dragon",
    "monster": "dragon",
    "kaiju": "dinosaur",
    "toad": "frog",
    "piglet": "pig",
    "calf": "cow",
    "bull": "cow",
    "lamb": "sheep",
    "goat": "sheep",
    "ape": "monkey",
    "gorilla": "monkey",
    "horse": "pony",
    "donkey": "pony",
    "deer": "pony",
    "unicorn": "pony",
    "koala": "mouse",
    "elephant": "mouse",
}
ROBOTS = ("robot", "android", "droid", "automaton", "cyborg", "mech", "bot")

BODY_NOUNS = (
    {
        "scales",
        "scale",
        "scaled",
        "scaly",
        "fur",
        "furred",
        "furry",
        "feathers",
        "feathered",
        "body",
        "hide",
        "skin",
        "skinned",
        "plating",
        "plates",
        "metal",
        "shell",
        "coat_of_fur",
    }
    | set(CREATURES)
    | set(ANIMALS)
    | set(ROBOTS)
)
OUTFIT_NOUNS = {
    "raincoat",
    "coat",
    "jacket",
    "dress",
    "shirt",
    "sweater",
    "jumper",
    "hoodie",
    "tunic",
    "robe",
    "robes",
    "armor",
    "armour",
    "overalls",
    "uniform",
    "suit",
    "vest",
    "blouse",
    "top",
    "kimono",
    "cardigan",
    "gown",
    "outfit",
    "clothes",
    "parka",
    "poncho",
    "tshirt",
    "tee",
    "sweatshirt",
    "dungarees",
    "pullover",
    "blazer",
    "waistcoat",
    "frock",
    "smock",
    "spacesuit",
    "jumpsuit",
    "nightgown",
    "nightdress",
    "pajamas",
    "pyjamas",
    "onesie",
    "sari",
    "cloak_",
    "trenchcoat",
}
LONG_OUTFITS = {
    "raincoat",
    "coat",
    "dress",
    "robe",
    "robes",
    "gown",
    "kimono",
    "parka",
    "poncho",
    "frock",
    "trenchcoat",
    "smock",
    "nightgown",
    "nightdress",
}
LEG_NOUNS = {"pants", "trousers", "jeans", "skirt", "shorts", "leggings", "tights", "breeches"}
SHOE_NOUNS = {"boots", "shoes", "sneakers", "wellies", "wellingtons", "sandals", "slippers", "trainers", "boot"}
HAIR_NOUNS = {
    "hair",
    "haired",
    "braid",
    "braids",
    "ponytail",
    "pigtails",
    "curls",
    "bun",
    "mane",
    "beard",
    "locks",
    "plaits",
    "bob",
    "afro",
}
EYE_NOUNS = {"eyes", "eyed", "eye"}
BELLY_NOUNS = {"belly", "tummy", "chest"}
PATTERN_NOUNS = {"stripes", "spots", "patches", "markings", "spotted", "striped"}
ACCESSORY_NOUNS = {
    "hat": "hat",
    "cap": "hat",
    "beanie": "hat",
    "beret": "hat",
    "bonnet": "hat",
    "tophat": "hat",
    "fedora": "hat",
    "helmet": "hat",
    "headband": "hat",
    "hood": "hood",
    "scarf": "scarf",
    "muffler": "scarf",
    "bandana": "scarf",
    "neckerchief": "scarf",
    "cape": "cape",
    "cloak": "cape",
    "glasses": "glasses",
    "spectacles": "glasses",
    "goggles": "glasses",
    "monocle": "glasses",
    "crown": "crown",
    "tiara": "crown",
    "diadem": "crown",
    "apron": "apron",
    "pinafore": "apron",
    "backpack": "backpack",
    "satchel": "backpack",
    "rucksack": "backpack",
    "knapsack": "backpack",
    "bow": "bow",
    "ribbon": "bow",
    "bowtie": "bow",
}
SIZE_WORDS = {
    "tiny": 0.72,
    "little": 0.86,
    "small": 0.86,
    "short": 0.9,
    "young": 0.92,
    "tall": 1.08,
    "big": 1.08,
    "large": 1.08,
    "giant": 1.14,
    "huge": 1.14,
    "chubby": 1.0,
}
FEMININE = {
    "girl",
    "woman",
    "lady",
    "princess",
    "queen",
    "witch",
    "mother",
    "mom",
    "mum",
    "grandma",
    "granny",
    "aunt",
    "sister",
    "daughter",
    "heroine",
    "she",
    "her",
    "ballerina",
    "mermaid",
}
MASCULINE = {
    "boy",
    "man",
    "gentleman",
    "prince",
    "king",
    "wizard",
    "father",
    "dad",
    "grandpa",
    "uncle",
    "brother",
    "son",
    "hero",
    "he",
    "his",
    "knight",
}


def _colour_phrase(tokens: list[str], i: int) -> tuple[RGB, int]:
    """Colour starting at ``tokens[i]`` (a modifier or colour word) and the index after it."""
    factor = 1.0
    colours: list[RGB] = []
    j = i
    while j < len(tokens):
        tok = tokens[j]
        if tok in COLOUR_MODIFIERS and not colours:
            factor = COLOUR_MODIFIERS[tok]
        elif tok in COLOUR_WORDS:
            colours.append(COLOUR_WORDS[tok])
        elif (
            tok in ("and", "ish")
            and colours
            and j + 1 < len(tokens)
            and tokens[j + 1] in COLOUR_WORDS
            and j + 2 < len(tokens)
            and tokens[j + 2] in ("striped", "stripes", "checked", "spotted")
        ):
            pass
        else:
            break
        j += 1
    if not colours:
        return (0, 0, 0), i + 1
    colour = colours[0]
    for extra in colours[1:]:
        colour = mix(colour, extra, 0.5)
    if factor < 1:
        colour = shade(colour, factor)
    elif factor > 1:
        colour = lighten(colour, min(0.6, factor - 1))
    return colour, j


def _contrast(body: RGB, seed: int, choices: tuple[RGB, ...] = ()) -> RGB:
    """A cheerful colour that stands apart from ``body`` (hash-picked)."""
    choices = choices or BRIGHTS
    bh, bs, _bv = _hsv(body)
    options = [c for c in choices if abs(((_hsv(c)[0] - bh + 0.5) % 1.0) - 0.5) > 0.12 or bs < 0.2]
    return options[seed % len(options)] if options else choices[seed % len(choices)]


@lru_cache(maxsize=256)
def character_look(name: str, look: str) -> Look:
    """Everything about how a subject is drawn, from its name and locked look only."""
    text = look.lower()
    tokens = _words(look)
    tokset = set(tokens)
    seed = _stable_int("character", name.strip().lower(), text.strip())
    rng = random.Random(seed)

    def first_of(options) -> str:
        hits = [(tokens.index(w), w) for w in options if w in tokset]
        return min(hits)[1] if hits else ""

    kind, species = "person", ""
    creature = first_of(CREATURES)
    animal = first_of(ANIMALS)
    robot = first_of(ROBOTS)
    picks = [(tokens.index(w), k, w) for k, w in (("creature", creature), ("animal", animal), ("robot", robot)) if w]
    if picks:
        _, kind, species = min(picks)
        species = SPECIES_ALIAS.get(species, species)
    role = first_of(
        (
            "wizard",
            "witch",
            "knight",
            "pirate",
            "princess",
            "prince",
            "king",
            "queen",
            "chef",
            "baker",
            "astronaut",
            "detective",
            "scientist",
            "explorer",
            "sailor",
            "ninja",
            "fairy",
            "ballerina",
        )
    )

    # Colour words bound to the noun that follows them.
    slots: dict[str, RGB] = {}
    loose: list[RGB] = []
    acc_colours: dict[str, RGB] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in COLOUR_WORDS or (tok in COLOUR_MODIFIERS and i + 1 < len(tokens) and tokens[i + 1] in COLOUR_WORDS):
            colour, j = _colour_phrase(tokens, i)
            target = ""
            for k in range(j, min(j + 3, len(tokens))):
                word = tokens[k]
                if word in ",.;:!?()" or word in ("with", "and", "in", "wearing", "who", "has"):
                    break
                if word in ACCESSORY_NOUNS:
                    target = "acc:" + ACCESSORY_NOUNS[word]
                elif word in HAIR_NOUNS:
                    target = "beard" if word == "beard" else "hair"
                elif word in EYE_NOUNS:
                    target = "eyes"
                elif word in BELLY_NOUNS:
                    target = "belly"
                elif word in OUTFIT_NOUNS:
                    target = "outfit"
                elif word in LEG_NOUNS:
                    target = "legs"
                elif word in SHOE_NOUNS:
                    target = "shoes"
                elif word in PATTERN_NOUNS:
                    target = "pattern"
                elif word in ("wings", "wing"):
                    target = "wings"
                elif word in ("horns", "horn", "spikes", "frill", "plates"):
                    target = "horns"
                elif word in BODY_NOUNS:
                    target = "skin" if word in ("skin", "skinned") and kind == "person" else "body"
                if target:
                    break
            # "blue-eyed", "red-haired": the noun came glued after a hyphen, already handled above.
            if target.startswith("acc:"):
                acc_colours.setdefault(target[4:], colour)
            elif target:
                slots.setdefault(target, colour)
            else:
                loose.append(colour)
            i = j
            continue
        i += 1

    def pick(options):
        return options[rng.randrange(len(options))]

    # Defaults by kind.
    skin = slots.get("skin") or pick(SKIN_TONES)
    if kind == "person":
        outfit = slots.get("outfit") or (loose.pop(0) if loose else None)
        if outfit is None:
            outfit = {
                "wizard": (70, 80, 170),
                "witch": (60, 50, 80),
                "knight": (188, 194, 206),
                "astronaut": (236, 238, 240),
                "chef": (246, 246, 242),
                "scientist": (246, 246, 242),
                "pirate": (200, 60, 50),
                "princess": (240, 150, 190),
                "ninja": (50, 50, 62),
            }.get(role) or pick(BRIGHTS)
        body = outfit
    else:
        default_body = {
            "cat": ((240, 150, 70), (130, 132, 142), (60, 58, 66), (236, 220, 190)),
            "fox": ((232, 122, 52),),
            "dog": ((190, 140, 90), (226, 196, 150), (120, 84, 60)),
            "wolf": ((140, 146, 160),),
            "rabbit": ((244, 240, 232), (200, 170, 140), (170, 168, 176)),
            "bear": ((150, 100, 64), (120, 80, 54)),
            "mouse": ((176, 170, 180), (200, 176, 150)),
            "owl": ((160, 112, 70),),
            "bird": ((80, 150, 230), (230, 80, 70), (250, 210, 70)),
            "robot": ((170, 186, 204), (120, 170, 220), (230, 200, 90)),
            "frog": ((110, 190, 90), (80, 170, 110)),
            "pig": ((246, 176, 186),),
            "cow": ((248, 246, 240),),
            "sheep": ((248, 244, 232),),
            "monkey": ((150, 100, 66), (120, 84, 60)),
            "pony": ((180, 124, 80), (240, 236, 230), (120, 90, 70)),
        }.get(species or kind) or BRIGHTS
        body = slots.get("body") or (loose.pop(0) if loose else None) or pick(default_body)
        outfit = slots.get("outfit") or body
    if loose:
        accent = loose.pop(0)
    elif kind == "creature":
        accent = _contrast(body, seed >> 8, WARMS)
    else:
        accent = _contrast(body, seed >> 8)
    if kind == "creature":
        belly = slots.get("belly") or lighten(mix(body, (250, 226, 150), 0.55), 0.25)
    elif kind == "animal":
        belly = slots.get("belly") or lighten(body, 0.55)
    else:
        belly = slots.get("belly") or lighten(body, 0.4)
    wings = slots.get("wings")
    hair = slots.get("hair") or pick(HAIR_COLOURS)
    if role in ("wizard",) and "hair" not in slots and ("old" in tokset or "beard" in tokset):
        hair = (236, 236, 240)

    feminine = bool(tokset & FEMININE)
    masculine = bool(tokset & MASCULINE)
    if "bald" in tokset:
        hair_style = "bald"
    elif tokset & {"ponytail"}:
        hair_style = "ponytail"
    elif tokset & {"pigtails", "braids", "plaits", "braid"}:
        hair_style = "pigtails"
    elif "bun" in tokset:
        hair_style = "bun"
    elif "curly" in tokset or "curls" in tokset or "afro" in tokset:
        hair_style = "curly"
    elif "long" in tokset and "hair" in tokset:
        hair_style = "long"
    elif "spiky" in tokset:
        hair_style = "spiky"
    elif feminine and not masculine:
        hair_style = pick(("long", "ponytail", "pigtails", "long", "bun"))
    elif masculine and not feminine:
        hair_style = pick(("short", "spiky", "short", "curly"))
    else:
        hair_style = pick(("short", "bob", "curly", "ponytail", "spiky"))

    outfit_long = bool(tokset & LONG_OUTFITS) or role in ("wizard", "witch", "princess", "queen")
    dress = bool(tokset & {"dress", "gown", "frock", "skirt"})
    legs = slots.get("legs") or (skin if dress else pick(((70, 90, 140), (86, 66, 58), (64, 64, 76), (52, 78, 120))))
    shoes = slots.get("shoes") or (
        outfit if tokset & {"raincoat"} else pick(((90, 60, 44), (60, 56, 66), (170, 60, 50)))
    )
    if "boots" in tokset and "shoes" not in slots and tokset & {"raincoat", "rain"}:
        shoes = outfit

    size = 1.0
    for word, factor in SIZE_WORDS.items():
        if word in tokset:
            size = factor
            break
    if role in ("child",) or tokset & {"girl", "boy", "kid", "child"}:
        size = min(size, 0.94)

    # Accessories.
    items: list[tuple[str, RGB, RGB, str]] = []
    striped = bool(tokset & {"striped", "stripy", "stripes", "stripey"})

    def add(name: str, default: RGB, variant: str = "", second: RGB | None = None) -> None:
        if any(item[0] == name for item in items):
            return
        colour = acc_colours.get(name) or default
        items.append((name, colour, second or lighten(colour, 0.75), variant))

    hat_words = tokset & {"hat", "cap", "beanie", "beret", "bonnet", "tophat", "fedora", "helmet", "headband"}
    if hat_words or role in ("wizard", "witch", "pirate", "chef"):
        if role in ("wizard", "witch") or "pointy" in tokset or "pointed" in tokset:
            variant, default = "pointy", shade(outfit, 0.85) if role == "wizard" else (52, 46, 66)
        elif role == "pirate":
            variant, default = "tricorn", (44, 40, 48)
        elif role == "chef" or "chef" in tokset:
            variant, default = "chef", (250, 250, 250)
        elif "beanie" in hat_words or "woolly" in tokset or "bobble" in tokset:
            variant, default = "beanie", accent
        elif "cap" in hat_words:
            variant, default = "cap", accent
        elif ("top" in tokset and "hat" in tokset) or "tophat" in hat_words:
            variant, default = "top", (48, 44, 52)
        elif "helmet" in hat_words:
            variant, default = "helmet", (194, 200, 210)
        elif hat_words == {"headband"}:
            variant, default = "headband", (214, 46, 46)  # a ninja's tied band
        else:
            variant, default = "brim", pick(((150, 100, 60), (200, 70, 60), (70, 90, 150), accent))
        add("hat", default, variant)
    wants_crown = (
        "crown" in acc_colours
        or tokset & {"crown", "tiara", "diadem"}
        or role in ("king", "queen", "princess", "prince")
    )
    if wants_crown and not any(item[0] == "hat" for item in items):
        add("crown", (244, 196, 56))
    if tokset & {"raincoat", "hoodie", "hood", "parka", "anorak", "poncho"} and not any(
        item[0] == "hat" for item in items
    ):
        add("hood", outfit)
    if tokset & {"scarf", "muffler", "bandana", "neckerchief"}:
        scarf = acc_colours.get("scarf") or _contrast(body, seed >> 16)
        second = lighten(scarf, 0.8) if scarf != (246, 246, 242) else (220, 60, 52)
        items.append(("scarf", scarf, second, "striped" if striped else ""))
    if tokset & {"cape", "cloak"} or (role in ("knight",) and "cape" in tokset):
        add("cape", pick(((190, 40, 60), (60, 70, 160), (120, 60, 150))))
    if tokset & {"glasses", "spectacles", "goggles", "monocle"} or role == "scientist":
        add("glasses", INK, "goggles" if "goggles" in tokset else "")
    if tokset & {"apron", "pinafore"} or role in ("chef", "baker"):
        add("apron", (250, 248, 240))
    if tokset & {"backpack", "satchel", "rucksack", "knapsack"} or role == "explorer":
        add("backpack", pick(((200, 90, 50), (70, 120, 180), (110, 140, 70))))
    if tokset & {"bow", "ribbon", "bowtie"}:
        add("bow", accent)

    pattern = ""
    if "spots" in tokset or "spotted" in tokset or "spotty" in tokset or (species == "cow" and "plain" not in tokset):
        pattern = "spots"
    elif kind != "person" and striped and "scarf" not in tokset:
        pattern = "stripes"

    eyes = slots.get("eyes")
    lit = (
        slots.get("eyes")
        if kind == "robot" and "eyes" in slots
        else pick(((90, 230, 255), (255, 220, 80), (140, 255, 170)))
    )
    beard = "beard" in tokset or (role == "wizard" and "old" in tokset)
    if kind == "person" and role == "knight" and "outfit" not in slots:
        outfit = (188, 194, 206)
    return Look(
        kind=kind,
        species=species,
        body=body,
        accent=accent,
        belly=belly,
        skin=skin,
        hair=hair,
        hair_style=hair_style,
        outfit=outfit,
        outfit_long=outfit_long,
        legs=legs,
        shoes=shoes,
        eyes=eyes,
        size=size,
        accessories=tuple(items),
        pattern=pattern,
        beard=beard,
        lit=lit,
        role=role,
        wings=wings,
        buttons=bool(
            tokset & {"raincoat", "coat", "parka", "trenchcoat", "jacket", "cardigan", "uniform", "overcoat", "blazer"}
        ),
    )


# --------------------------------------------------------------------------
# geometry


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


_PAPER_LUT = [121 + (v * 15) // 256 for v in range(256)]
_GRAY_LUT = [round(255 * (v / 255) ** 0.72) for v in range(256)]


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


# --------------------------------------------------------------------------
# the painter


class BuiltinPainter:
    """Procedural flat-colour panels, deterministic for a request."""

    name = "builtin"

    def __init__(self, **options):
        self.supersample = 2 if options.get("supersample", True) else 1

    def paint(self, request: ImageRequest) -> ImageResult:
        width, height = int(request.width), int(request.height)
        if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
            raise BackendError(
                f"The built-in painter draws pictures from {MIN_SIDE} to {MAX_SIDE} pixels a side, "
                f"not {width}x{height}."
            )
        try:
            image = _Painting(request, self.supersample).render()
        except BackendError:
            raise
        except Exception as exc:  # pragma: no cover - a bug here must not look like a provider fault
            raise BackendError("The built-in painter could not draw this picture.") from exc
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=3)
        return ImageResult(data=buffer.getvalue(), model=MODEL, steps=None, width=width, height=height)


class _Painting:
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

    # ------------------------------------------------------------------ sky
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

    # indoor ---------------------------------------------------------------
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


# --------------------------------------------------------------------------
# figures


class Figure:
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

    # -- accessories
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

    def star(self, x, y, r, colour):
        pts = []
        for k in range(10):
            ang = math.pi / 2 + k * math.pi / 5
            rr = r if k % 2 == 0 else r * 0.45
            pts.append((x + math.cos(ang) * rr, y + math.sin(ang) * rr))
        self.poly(pts, colour, outline=False)

    def bow(self, x, y, s):
        item = self.look.accessory("bow")
        if not item:
            return
        c = item[1]
        self.poly([(x, y), (x - s, y + s * 0.6), (x - s, y - s * 0.6)], c, weight=0.6)
        self.poly([(x, y), (x + s, y + s * 0.6), (x + s, y - s * 0.6)], c, weight=0.6)
        self.el(x, y, s * 0.3, s * 0.3, shade(c, 0.85), weight=0.6)

    # -- bodies
    def draw(self):
        getattr(self, "draw_" + self.look.kind)()

    def draw_person(self):
        look, pose = self.look, self.pose
        skin, outfit, hair = look.skin, look.outfit, look.hair
        if self.pale_skin:
            skin = lighten(skin, 0.6)
        long_coat = look.outfit_long
        hem_y = 22 if long_coat else 36
        hem_w = 19 if long_coat else 14
        arm_up = pose.random() < 0.35
        arm_swing = pose.uniform(-4, 4)
        stance = pose.uniform(0.5, 2.0)
        self.accessory_behind((0, 64), 12, hem_y - 4)
        # Long hair behind the head.
        head_y, hr = 83, 17
        if look.hair_style in ("long", "pigtails"):
            if look.hair_style == "long":
                self.poly([(-18, 88), (-19.5, 66), (-14, 61), (14, 61), (19.5, 66), (18, 88)], hair)
            else:
                for side in (-1, 1):
                    self.el(side * 18.5, 72, 4.8, 8.5, hair)
                    self.dot(side * 17.5, 80.5, 1.8, look.accent)
        elif look.hair_style == "ponytail":
            self.poly(tapered(qbez((-12, 92), (-31, 90), (-25, 62), 10), 10, 2.5), hair)
            self.el(-15.5, 91, 2.2, 2.6, look.accent, weight=0.6)
        elif look.hair_style == "bun":
            self.el(0, 101, 7, 6, hair)
        hood = look.accessory("hood")
        if hood:
            self.el(-1.5, head_y - 1, hr + 4.5, hr + 3.5, hood[1])
        # Legs and shoes.
        for side in (-1, 1):
            lx = side * (5.5 + stance * 0.4)
            self.limb([(lx * 0.9, hem_y + 4), (lx, 6)], 7.8, look.legs)
        for side in (-1, 1):
            lx = side * (5.5 + stance * 0.4)
            self.el(lx + 1.8, 3.2, 6.2, 3.6, look.shoes)
        # Back arm.
        back_hand = (-16 - arm_swing * 0.3, 37)
        self.limb([(-11.5, 61), (-14.5, 49), back_hand], 6.4, outfit)
        self.el(back_hand[0], back_hand[1] - 1, 3.8, 3.8, skin)
        # Torso.
        torso = [
            (-hem_w, hem_y),
            *qbez((-13.5, 50), (-14.5, 66), (-6, 67.5), 6),
            *qbez((6, 67.5), (14.5, 66), (13.5, 50), 6),
            (hem_w, hem_y),
        ]
        self.poly(torso, outfit)
        self.pattern_on(0, 48, 12, 14, shade(outfit, 0.85))
        if look.role == "knight":
            self.poly([(-10, 60), (10, 60), (8, 44), (-8, 44)], shade(outfit, 0.88), weight=0.6)
        if look.buttons:
            # Coat buttons and a front seam.
            self.ink_line([(1.5, 64), (1.5, hem_y + 1)], 0.6, shade(outfit, 0.7))
            for by in (58, 49, 40, 31):
                if by > hem_y + 2:
                    self.dot(4.2, by, 1.3, shade(outfit, 0.65))
        if look.role in ("wizard", "witch"):
            self.star(-5, 44, 2.6, (255, 226, 110))
            self.star(6, 32, 2.0, (255, 226, 110))
        if not long_coat:
            # A belt line.
            self.poly([(-13.4, 40), (13.4, 40), (13.6, 37), (-13.6, 37)], shade(outfit, 0.75), outline=False)
        apron = look.accessory("apron")
        if apron:
            self.poly(
                [(-8.5, 56), (8.5, 56), (10.5, max(hem_y + 2, 26)), (-10.5, max(hem_y + 2, 26))], apron[1], weight=0.7
            )
            self.poly([(-4, 47), (4, 47), (4, 42), (-4, 42)], shade(apron[1], 0.9), weight=0.5)
        bag = look.accessory("backpack")
        if bag:
            self.limb([(-8, 66), (-6, 50)], 2.4, shade(bag[1], 0.8))
        # Neck and head.
        self.poly([(-3.5, 64), (3.5, 64), (3.5, 69), (-3.5, 69)], shade(skin, 0.9), outline=False)
        self.scarf(0, 66, 12.5)
        cape = look.accessory("cape")
        if cape and not look.accessory("scarf"):
            for side in (-1, 1):
                self.poly([(side * 3, 66), (side * 11.5, 67.5), (side * 6, 61)], cape[1], weight=0.6)
            self.dot(0, 64.5, 1.6, (240, 200, 80))
        self.el(0, head_y, hr, hr - 0.8, skin)
        # Ears.
        self.el(-hr + 0.4, head_y - 1, 2.4, 3.2, skin, weight=0.6)
        # Hair front.
        if look.hair_style != "bald":
            if look.hair_style == "spiky":
                pts = [(-18.2, 84)]
                for k in range(11):
                    a = math.pi - math.pi * (k + 0.5) / 11
                    r = 21.5 if k % 2 == 0 else 17.8
                    pts.append((r * math.cos(a), head_y + 2 + r * math.sin(a) * 0.92))
                pts += [(18.2, 84), (10, 90), (2, 88.5), (-8, 91)]
                self.poly(pts, hair)
            elif look.hair_style == "curly":
                blobs = [
                    (-14, 90, 6.5),
                    (-8, 96.5, 6.5),
                    (0, 99, 6.8),
                    (8, 96.5, 6.5),
                    (14, 90, 6.5),
                    (-17, 82, 4.6),
                    (17, 82, 4.6),
                ]
                cvb = [(*self.P(x, y), r * self.u, r * self.u) for x, y, r in blobs]
                self.cv.union(cvb, self.col(hair), True, self.weight)
            else:
                top = [
                    (17.8 * math.cos(a), head_y + 0.5 + 17.6 * math.sin(a))
                    for a in [math.pi * k / 14 for k in range(15)]
                ]
                fringe = [(-17.8, head_y - 1), (-16.5, 80)] if look.hair_style in ("long", "bob") else []
                pts = fringe + top[::-1][::-1]
                pts = [(-17.8, 80)] if look.hair_style in ("long", "bob", "pigtails") else [(-17.8, 84)]
                pts += [
                    (17.8 * math.cos(a), head_y + 0.5 + 17.6 * math.sin(a))
                    for a in [math.pi - math.pi * k / 14 for k in range(15)]
                ]
                pts += [(17.8, 80) if look.hair_style in ("long", "bob", "pigtails") else (17.8, 84)]
                pts += [(14, 87), (9, 89.5), (6.5, 86.5), (2, 90), (-5, 88.5), (-10, 90.5), (-14.5, 87)]
                self.poly(pts, hair)
        if look.beard:
            chin = 50 if look.role == "wizard" else 60
            self.poly(
                [
                    (-15.5, 80),
                    (-13, 68),
                    (-6, chin + 3),
                    (3, chin),
                    (9, chin + 3),
                    (14.5, 68),
                    (15.5, 80),
                    (12, 76),
                    (7, 72.5),
                    (3, 71.5),
                    (-1, 72.5),
                    (-8, 76),
                ],
                hair,
            )
            for side in (-1, 1):
                self.el(3 + side * 2.8, 76.3, 3.2, 1.5, shade(hair, 0.92), outline=False)
        # Face, a little towards the facing side.
        fx = 3.0
        eye_colour = look.eyes
        self.eyes(fx, 81.5, 6.2, 3.1, eye_colour, lashes=look.hair_style in ("long", "pigtails", "ponytail", "bun"))
        self.cheeks(fx, 76.2, 9.2, skin)
        if look.beard:
            self.smile(fx + 0.3, 73.6, 2.0, open_mouth=True)
        else:
            self.smile(fx + 0.3, 74.8, 2.6, open_mouth=arm_up)
        self.glasses(fx, 81.5, 6.0, 4.4)
        self.headwear(0, 100.5, hr)
        self.bow(-9, 96, 4.0) if look.hair_style not in ("bald",) and not look.accessory("hat") else None
        # Front arm (waving when the pose says so).
        if arm_up:
            hand = (27 + arm_swing * 0.3, 80 + arm_swing)
            self.limb([(11.5, 61), (21, 64), hand], 6.4, outfit)
        else:
            hand = (16.5 + arm_swing * 0.4, 37.5 + abs(arm_swing))
            self.limb([(11.5, 61), (14.8, 50), hand], 6.4, outfit)
        self.el(hand[0], hand[1] + (2 if arm_up else -1), 3.8, 3.8, skin)
        if look.role == "knight":
            self.el(-17, 44, 8.5, 10, look.accent)
            self.el(-17, 44, 4, 5, lighten(look.accent, 0.5), outline=False)

    def draw_animal(self):
        look, pose = self.look, self.pose
        sp = look.species
        body, belly = look.body, look.belly
        if sp in ("owl", "bird"):
            return self.draw_bird()
        arm_up = pose.random() < 0.35
        swing = pose.uniform(-3, 3)
        self.accessory_behind((0, 56), 11, 8)
        # Tail.
        tail_c = body
        if sp == "cat":
            self.limb(qbez((-10, 14), (-34, 10), (-27 + swing, 44), 10), 5.2, tail_c)
        elif sp in ("fox", "wolf"):
            self.poly(tapered(qbez((-8, 14), (-36, 6), (-34, 40 + swing), 10), 10, 4)[:-1], tail_c)
            self.poly(
                [(-36.5, 33 + swing), (-29, 33 + swing), (-32, 42 + swing), (-34.5, 41 + swing)],
                (250, 248, 244),
                outline=False,
            )
        elif sp == "dog":
            self.limb(qbez((-12, 20), (-24, 24), (-23, 38 + swing), 8), 5, tail_c)
        elif sp == "mouse":
            self.limb(qbez((-10, 10), (-36, 4), (-28 + swing, 30), 10), 2.0, mix(body, (240, 160, 170), 0.6))
        elif sp == "rabbit":
            self.el(-16, 14, 6, 6, lighten(body, 0.5))
        elif sp == "pig":
            self.limb([(-14, 18), (-19, 17), (-20, 21), (-17, 22), (-18, 25 + swing * 0.3)], 1.8, shade(body, 0.9))
        elif sp in ("cow", "pony"):
            self.limb(qbez((-12, 22), (-22, 20), (-22, 6 + swing), 6), 2.0, body)
            self.el(-22, 5 + swing, 2.8, 4, (70, 60, 64) if sp == "cow" else shade(body, 0.6))
        elif sp == "monkey":
            self.limb(qbez((-12, 14), (-40, 12), (-30 + swing, 40), 12), 3.2, body)
        elif sp in ("frog",):
            pass
        elif sp == "sheep":
            self.el(-15, 18, 5, 5, body)
        else:
            self.el(-15, 16, 4.5, 4.5, body)
        # Feet.
        for side in (-1, 1):
            self.el(side * 8 + 2, 3.5, 7.5, 4.2, shade(body, 0.92))
        # Back arm.
        self.limb([(-11, 42), (-16 + swing * 0.3, 30)], 6, shade(body, 0.95))
        # Body.
        if sp == "sheep":
            wool = [(0, 27, 17, 24)] + [
                (17 * math.cos(a) * 0.95, 27 + 24 * math.sin(a) * 0.95, 5.5, 5.5)
                for a in [k * math.pi / 6 for k in range(12)]
            ]
            self.cv.union(
                [(*self.P(x, y), rx * self.u, ry * self.u) for x, y, rx, ry in wool], self.col(body), True, self.weight
            )
        else:
            self.el(0, 27, 17, 24, body)
            self.el(2.5, 24, 10.5, 15.5, belly, outline=False)
        spots = (56, 50, 58) if lum(body) > 200 else shade(body, 0.72)
        self.pattern_on(0, 30, 14, 18, spots)
        if look.accessory("apron"):
            self.poly([(-8, 42), (10, 42), (12, 10), (-8, 10)], look.accessory("apron")[1], weight=0.7)
        # Head.
        hx, hy = 1.5, 68
        ears = {
            "cat": "point",
            "fox": "bigpoint",
            "wolf": "bigpoint",
            "dog": "flop",
            "rabbit": "long",
            "bear": "round",
            "mouse": "biground",
            "frog": "none",
            "pig": "pig",
            "cow": "side",
            "sheep": "side",
            "pony": "point",
            "monkey": "monkey",
        }.get(sp, "round")
        head_c = (70, 64, 72) if sp == "sheep" and lum(body) > 160 else body
        inner = mix(body, (250, 170, 180), 0.6)
        if ears == "long":
            for side, tilt in ((-1, -3), (1, 2)):
                self.el(hx + side * 7 + tilt, 99, 5.5, 16, body)
                self.el(hx + side * 7 + tilt, 98, 2.6, 11.5, inner, outline=False)
        elif ears in ("point", "bigpoint"):
            s = 1.0 if ears == "point" else 1.25
            for side in (-1, 1):
                base_x = hx + side * 12
                self.poly([(base_x - 6 * s, 80), (base_x + side * 3 * s, 80 + 16 * s), (base_x + 6 * s, 80)], body)
                self.poly(
                    [(base_x - 3 * s, 81), (base_x + side * 2.4 * s, 81 + 11 * s), (base_x + 3 * s, 81)],
                    inner if sp != "fox" else (60, 44, 44),
                    outline=False,
                )
        elif ears in ("round", "biground"):
            r = 6.5 if ears == "round" else 10
            for side in (-1, 1):
                self.el(hx + side * 14, 84, r, r, body)
                self.el(hx + side * 14, 84, r * 0.55, r * 0.55, inner, outline=False)
        elif ears == "side":
            if sp == "cow":
                for side in (-1, 1):
                    self.poly(
                        [(hx + side * 7, 82), (hx + side * 11, 93), (hx + side * 12.5, 91), (hx + side * 11, 81)],
                        (248, 236, 200),
                    )
            for side in (-1, 1):
                self.el(hx + side * 21, 76, 7, 3.6, head_c)
                self.el(hx + side * 21, 76, 4, 1.8, inner, outline=False)
        elif ears == "monkey":
            for side in (-1, 1):
                self.el(hx + side * 20, 70, 6, 6.5, body)
                self.el(hx + side * 20, 70, 3.4, 3.8, lighten(body, 0.5), outline=False)
        elif ears == "pig":
            for side in (-1, 1):
                self.poly([(hx + side * 7, 83), (hx + side * 16, 92), (hx + side * 17, 80)], body)
        elif ears == "none":
            for side in (-1, 1):
                self.el(hx + 3 + side * 8, 82, 7, 6.5, body)
        if sp == "sheep":
            curls = [(hx + dx, 85 + dy, 5, 4.5) for dx, dy in ((-9, -1), (-3, 2), (3, 2), (9, -1))]
            self.cv.union(
                [(*self.P(x, y), rx * self.u, ry * self.u) for x, y, rx, ry in curls], self.col(body), True, self.weight
            )
        if sp == "frog":
            self.el(hx, hy - 2, 22, 15, head_c)
        else:
            self.el(hx, hy, 20.5, 18.5, head_c)
        if ears == "flop":
            for side in (-1, 1):
                self.poly(
                    [
                        (hx + side * 15, 82),
                        (hx + side * 24, 76),
                        (hx + side * 23, 62),
                        (hx + side * 17, 60),
                        (hx + side * 14, 74),
                    ],
                    shade(body, 0.78),
                )
        fx = hx + 3
        if sp == "frog":
            for side in (-1, 1):
                self.el(fx + side * 8, 82, 5.2, 5.2, (255, 255, 255), outline=False)
            self.eyes(fx, 82, 8, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 66, 13, body)
            self.ink_line(qbez((fx - 10, 66), (fx, 57), (fx + 10, 66), 10), 0.8)
            self.dot(fx - 1.5, 72, 0.7, shade(body, 0.5))
            self.dot(fx + 1.5, 72, 0.7, shade(body, 0.5))
        elif sp in ("pig", "cow", "pony"):
            snout = {"pig": mix(body, (230, 120, 140), 0.35), "cow": (246, 190, 190)}.get(sp, lighten(body, 0.35))
            w, h = (6.5, 4.8) if sp == "pig" else (10.5, 7)
            self.el(fx, 61.5, w, h, snout, weight=0.6)
            for side in (-1, 1):
                self.el(fx + side * w * 0.35, 61.5, w * 0.16, h * 0.28, shade(snout, 0.6), outline=False)
            self.eyes(fx, 72, 7.2, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 66, 12, head_c)
            self.ink_line(
                qbez(
                    (fx - 3, 55.5 if sp != "pig" else 54.6),
                    (fx, 53.5 if sp != "pig" else 52.6),
                    (fx + 3, 55.5 if sp != "pig" else 54.6),
                    5,
                ),
                0.7,
            )
        else:
            if sp in ("fox", "wolf"):
                self.poly([(fx - 11, 66), (fx, 56), (fx + 11, 66), (fx, 62)], lighten(body, 0.7), outline=False)
            if sp == "monkey":
                self.el(fx, 68, 15, 13, lighten(body, 0.55), outline=False)
            face = lighten(belly, 0.3) if sp != "sheep" else (236, 230, 226)
            self.el(fx, 62.5, 8.5, 6.2, face, outline=False)
            self.eyes(fx, 70.5, 7.2, 3.0, look.eyes, lashes=False)
            self.cheeks(fx, 64.5, 11, head_c)
            nose_c = (60, 40, 46) if sp != "rabbit" else (236, 130, 150)
            self.poly([(fx - 2.6, 65.5), (fx + 2.6, 65.5), (fx, 63)], nose_c, outline=False)
            self.ink_line([(fx, 63), (fx, 61.2)], 0.7)
            self.ink_line(qbez((fx - 3.4, 61.6), (fx - 1.7, 58.6), (fx, 61.2), 5), 0.7)
            self.ink_line(qbez((fx, 61.2), (fx + 1.7, 58.6), (fx + 3.4, 61.6), 5), 0.7)
        if sp in ("cat", "mouse", "rabbit"):
            for side in (-1, 1):
                for dy in (0.8, -1.2):
                    self.ink_line([(fx + side * 7, 63 + dy * 0.5), (fx + side * 15, 64 + dy * 1.8)], 0.45)
        self.glasses(fx, 70.5, 7.2, 4.8)
        self.scarf(1.5, 50.5, 12)
        self.headwear(hx, 86.5, 19)
        self.bow(hx + 10, 84, 4)
        # Front arm.
        if arm_up:
            hand = (27, 58 + swing)
            self.limb([(11, 42), (21, 46), hand], 6, body)
        else:
            hand = (17 + swing * 0.3, 28)
            self.limb([(11, 42), hand], 6, body)
        self.el(hand[0], hand[1], 3.8, 3.8, lighten(body, 0.15))

    def draw_bird(self):
        look, pose = self.look, self.pose
        body, belly = look.body, look.belly
        owl = look.species == "owl"
        swing = pose.uniform(-4, 4)
        beak = (244, 170, 60)
        self.accessory_behind((0, 58), 12, 10)
        for side in (-1, 1):
            self.ink_line([(side * 6, 6), (side * 6, 1)], 1.6, beak)
            for toe in (-3, 0, 3):
                self.ink_line([(side * 6, 1.5), (side * 6 + toe, -0.5)], 1.3, beak)
        if not owl:
            self.poly([(-16, 22), (-30, 14), (-31, 24), (-16, 30)], shade(body, 0.85))
        self.el(0, 36, 21, 32, body)
        # Belly with little feather scallops.
        self.el(2, 30, 13, 21, belly, outline=False)
        for row in range(3):
            for col in range(-1, 2):
                x = 2 + col * 6 + (row % 2) * 3 - 1.5
                y = 38 - row * 8
                self.ink_line([(x - 2.2, y + 0.8), (x, y - 0.8), (x + 2.2, y + 0.8)], 0.5, shade(belly, 0.82))
        # Wings.
        for side, lift in ((-1, 0.0), (1, swing)):
            self.poly(
                [(side * 18, 46), (side * 25, 36 + lift), (side * 23, 20 + lift * 0.5), (side * 16, 24)],
                shade(body, 0.82),
            )
        if owl:
            for side in (-1, 1):
                self.poly([(side * 8, 62), (side * 17, 77), (side * 17, 60)], body)
            for side in (-1, 1):
                self.el(side * 7.5 + 1, 54, 7, 7, lighten(body, 0.55), weight=0.6)
            self.eyes(1, 54, 7.5, 3.6, look.eyes or (250, 190, 60), lashes=False)
        else:
            self.eyes(4, 56, 6.5, 2.8, look.eyes)
            self.poly([(-2, 63), (4, 70), (8, 64)], shade(body, 0.8), outline=False)
        self.poly([(-2 + 3, 49), (3, 42), (8 + 3 - 3, 49)], beak)
        self.scarf(2, 44, 14)
        self.glasses(1 if owl else 4, 54, 7.5, 5.0)
        self.headwear(2, 66 if not owl else 64, 17)

    def draw_creature(self):
        look, pose = self.look, self.pose
        body, belly, accent = look.body, look.belly, look.accent
        swing = pose.uniform(-4, 4)
        arm_up = pose.random() < 0.35
        dark = shade(body, 0.8)
        # Tail behind, curving away from the facing side.
        centre = qbez((-10, 16), (-36, 4), (-44, 24 + swing), 12)
        self.poly(tapered(centre, 13, 2.5), body)
        for k in (4, 7, 10):
            x, y = centre[k]
            self.poly(
                [(x - 2.6, y + 3.5 - k * 0.15), (x - 0.5, y + 8.5 - k * 0.2), (x + 2, y + 3.2 - k * 0.15)],
                accent,
                weight=0.6,
            )
        # Wings.
        wing = look.wings or lighten(mix(body, belly, 0.35), 0.15)
        if look.species != "dinosaur":
            for side, sc in ((-1, 1.0), (1, 0.8)):

                def W(x, y, side=side, sc=sc):
                    return (side * (8 + (x - 8) * sc), 44 + (y - 44) * sc)

                tips = [W(31, 78), W(34, 62), W(27, 48)]
                pts = qbez(W(9, 58), W(16, 76), tips[0], 6)
                pts += qbez(tips[0], W(27, 66), tips[1], 5)[1:]
                pts += qbez(tips[1], W(27, 54), tips[2], 5)[1:]
                pts += qbez(tips[2], W(18, 44), W(10, 42), 5)[1:]
                self.poly(pts, wing)
                for tip in tips[1:]:
                    self.ink_line([W(11, 56), tip], 0.55, shade(wing, 0.75))
        else:
            for k in range(4):
                y = 30 + k * 10
                self.poly([(-16 + k * 0.5, y - 4), (-23 + k * 0.5, y + 1), (-15 + k * 0.5, y + 4)], accent, weight=0.6)
        # Legs.
        for side in (-1, 1):
            self.el(side * 9, 10, 8.5, 10, dark)
            self.el(side * 9 + 2, 3.5, 8, 4, dark)
            for toe in (-2.2, 2.2):
                self.ink_line([(side * 9 + 2 + toe + 3, 0.6), (side * 9 + 2 + toe + 3, 3.2)], 0.6, shade(dark, 0.7))
        # Back arm.
        self.limb([(-12, 40), (-17 + swing * 0.3, 30)], 6, dark)
        # Body and belly.
        self.el(0, 30, 20, 26, body)
        self.el(4, 27, 12.5, 19, belly, outline=True, weight=0.5)
        for k in range(5):
            y = 14 + k * 6.2
            span = 11.5 * math.sqrt(max(0.0, 1 - ((y - 27) / 19) ** 2))
            self.ink_line([(4 - span * 0.8, y), (4, y - 0.8), (4 + span * 0.8, y)], 0.45, shade(belly, 0.8))
        self.pattern_on(-6, 32, 12, 18, dark)
        if look.accessory("apron"):
            self.poly([(-6, 46), (13, 46), (15, 12), (-6, 12)], look.accessory("apron")[1], weight=0.7)
        # Head with a snout.
        hx, hy = 2, 68
        horn = (250, 238, 200)
        for side in (-1, 1):
            bx = hx + side * 8
            self.poly([(bx - 3.4, 80), (bx + side * 4, 95), (bx + 3.4, 80.5)], horn)
        # Spikes down the back of the head.
        for x, y in ((-14, 80), (-18, 72), (-19, 63)):
            self.poly([(x + 2, y + 3), (x - 4.5, y + 1), (x + 1.5, y - 3)], accent, weight=0.6)
        self.el(hx, hy + 2, 18, 16, body)
        self.el(hx + 11, hy - 5, 11, 8.5, body)
        self.el(hx + 12.5, hy - 7.5, 7.5, 4.4, lighten(body, 0.25), outline=False)
        for nx in (hx + 15, hx + 19):
            self.dot(nx, hy - 3.5, 0.9, shade(body, 0.45))
        self.eyes(hx + 3.5, hy + 6, 6.2, 3.4, look.eyes, lashes=False)
        self.cheeks(hx + 3.5, hy + 0.5, 9.5, body)
        self.ink_line([(hx + 6, hy - 9.5), (hx + 11, hy - 11), (hx + 16, hy - 9.8)], 0.8)
        self.glasses(hx + 3.5, hy + 6, 6.2, 4.6)
        self.scarf(1.5, 50, 13)
        self.headwear(hx, hy + 18, 17)
        self.bow(hx - 9, hy + 14, 4)
        if arm_up:
            hand = (29, 56 + swing)
            self.limb([(12, 40), (22, 42), hand], 6.2, dark)
        else:
            hand = (18 + swing * 0.3, 28)
            self.limb([(12, 40), hand], 6.2, dark)
        self.el(hand[0], hand[1], 3.9, 3.9, body)

    def draw_robot(self):
        look, pose = self.look, self.pose
        body, accent, lit = look.body, look.accent, look.lit
        swing = pose.uniform(-4, 4)
        arm_up = pose.random() < 0.35
        metal = shade(body, 0.75)
        self.accessory_behind((0, 58), 15, 20)
        # Legs and feet.
        for side in (-1, 1):
            self.cv.rrect(
                *self.P(side * 7 - 3.5, 24),
                *self.P(side * 7 + 3.5, 5),
                1.5 * self.u,
                self.col(metal),
                True,
                self.weight,
            )
            self.cv.rrect(
                *self.P(side * 7 - 5 + 1.5, 6),
                *self.P(side * 7 + 6 + 1.5, 0.5),
                2 * self.u,
                self.col(shade(body, 0.9)),
                True,
                self.weight,
            )
        # Back arm.
        self.limb([(-16, 52), (-21 + swing * 0.3, 34)], 5, metal)
        self.el(-21 + swing * 0.3, 32, 3.8, 3.8, accent)
        # Torso.
        self.cv.rrect(*self.P(-17, 60), *self.P(17, 22), 4 * self.u, self.col(body), True, self.weight)
        self.cv.rrect(*self.P(-9, 52), *self.P(11, 32), 2 * self.u, self.col(shade(body, 0.7)), True, self.weight * 0.7)
        for k, c in enumerate((lit, accent, (250, 210, 80))):
            self.dot(-4.5 + k * 5.5, 45, 1.9, c)
        for k in range(3):
            self.ink_line([(-5, 38 - k * 1.8), (7, 38 - k * 1.8)], 0.6, lighten(shade(body, 0.7), 0.3))
        # Neck, head, antenna.
        self.cv.rrect(*self.P(-4, 64), *self.P(4, 59), 0, self.col(metal), True, self.weight * 0.7)
        self.ink_line([(0, 88), (0, 97)], 1.1, metal)
        ax, ay = self.P(0, 98)
        self.cv.glow(ax, ay, 9 * self.u, lit, 0.5)
        self.el(0, 98, 2.6, 2.6, accent if accent != body else (230, 70, 60), weight=0.6)
        for side in (-1, 1):
            self.el(side * 16.5, 75, 2.8, 4.2, metal, weight=0.6)
        self.cv.rrect(*self.P(-16, 88), *self.P(16, 62), 5 * self.u, self.col(body), True, self.weight)
        self.cv.rrect(
            *self.P(-12.5, 84), *self.P(13.5, 66), 3.5 * self.u, self.col((40, 46, 60)), True, self.weight * 0.6
        )
        for side in (-1, 1):
            ex, ey = self.P(1 + side * 5.5, 77)
            self.cv.glow(ex, ey, 8 * self.u, lit, 0.45)
            self.el(1 + side * 5.5, 77, 2.8, 3.2, lit, outline=False)
            self.dot(1 + side * 5.5 + 0.9, 78.2, 0.9, (255, 255, 255))
        self.smile(1, 71.5, 3.2)
        self.scarf(0, 61, 14)
        self.headwear(0, 88, 17)
        if arm_up:
            hand = (25, 70 + swing)
            self.limb([(16, 54), (22, 60), hand], 5, metal)
        else:
            hand = (22 + swing * 0.3, 33)
            self.limb([(16, 54), hand], 5, metal)
        self.el(hand[0], hand[1] + (2 if arm_up else 0), 3.8, 3.8, accent)
