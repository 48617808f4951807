"""Reading a cast member's ``(name, look)`` into a :class:`Look`: kind, species, colours, hair, outfit, props."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from .palette import (
    BRIGHTS,
    COLOUR_MODIFIERS,
    COLOUR_WORDS,
    HAIR_COLOURS,
    INK,
    RGB,
    SKIN_TONES,
    WARMS,
    _hsv,
    lighten,
    mix,
    shade,
)
from .words import _stable_int, _words


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
