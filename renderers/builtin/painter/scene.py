"""Reading the prompt into a :class:`Scene`: setting and variant, time of day, weather, by keyword."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...base import Subject
from .words import _has

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
