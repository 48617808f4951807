"""The built-in storyteller: a whole comic from one idea, offline.

It reads the "brief" the pipeline puts in the last user message (a fenced
```json block, see ``comics/script.py``) and answers the two requests a comic
needs:

* a **plan** (``schema_name == "comic_plan"``): title, a cast of 1-4 with
  locked looks, a cover scene and exactly one beat per page;
* a **page** (``schema_name == "comic_page"``): exactly ``panels`` panels,
  each with a scene for the painter, short dialogue spoken only by cast
  members named in that scene, an optional caption and sound effect. For a
  picture book the single panel has no dialogue and a caption of storybook
  narration.

How it writes
-------------
The idea is parsed into a hero (a creature or person the painter can draw,
its adjectives, maybe a given name), a goal ("open a tiny tea shop") and a
setting ("desert", "sea", "village"...). All the nouns of the hero's phrase make
one hero: "a kitten ninja" is a cat dressed as a ninja, "space pirates" are
pirates, "a brave toaster" is a toaster drawn as a robot. The verb after the
hero ("saves", "race", "who opens", "is afraid of") is turned back to its base
form for the goal; something that happens to the hero becomes what they want
("loses his hat" -> find his hat, and the title keeps "Loses His Hat"). The
hero's one pronoun comes from what the plan and every page both know: a
gendered body in the look, the idea's own he/she, the creature's default, then
the name (Tilly is "she"). The goal picks one of five plots
(``shop``, ``race``, ``quest``, ``build``, ``grow``), each a hand-written
twelve-stage arc (home, spark, start, first win, trouble, worse, low point,
help, new plan, climax, triumph, ending) with slots for the idea's own words.
A comic of N pages uses N of those stages (a whole tiny arc for N=1, problem
and resolution for N=2, setup / trouble / climax / resolution for N=4...).

Determinism
-----------
Everything is drawn from ``random.Random`` instances seeded from SHA-256
hashes, never the global generator. The plan uses (seed, idea, 0): names,
supporting species, looks, cast size. The *story world* (town, weather,
trait, landmark) is drawn from (idea, cast names), because the pipeline
sends each page request with its own derived seed: a page can rebuild the
same world from the brief alone, and it also recovers those choices from the
plan's beats, so edited names keep the story consistent. Page wording
(dialogue variants, sound effects) uses (seed, idea, page).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..base import MalformedOutput, TextRequest, TextResult

__all__ = [
    "MODEL",
    "BuiltinStoryteller",
    "Idea",
    "find_brief",
    "read_idea",
    "stage_groups",
    "write_page",
    "write_plan",
]

MODEL = "builtin-storyteller-1"
MAX_IDEA_CHARS = 1000
MAX_LINE_CHARS = 90

# ---------------------------------------------------------------------------
# The brief
# ---------------------------------------------------------------------------

_FENCE = re.compile(r"```json[ \t]*\r?\n?(.*?)```", re.DOTALL | re.IGNORECASE)


def find_brief(messages: Any) -> dict[str, Any] | None:
    """The last ```json block of the last user message that has one."""
    for message in reversed(list(messages or ())):
        if not isinstance(message, dict) or message.get("role") != "user":
            continue
        content = message.get("content")
        if not isinstance(content, str):
            continue
        for block in reversed(_FENCE.findall(content)):
            try:
                data = json.loads(block)
            except ValueError:
                continue
            if isinstance(data, dict):
                return data
    return None


def _stable_int(*parts: Any) -> int:
    digest = hashlib.sha256("\x1f".join(repr(p) for p in parts).encode("utf-8", "replace")).digest()
    return int.from_bytes(digest[:8], "big")


def _rng(*parts: Any) -> random.Random:
    return random.Random(_stable_int(*parts))


# ---------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------

# Colour words the painter understands (each contains a plain colour word).
COLOURS = [
    "mint-green",
    "sky-blue",
    "cherry-red",
    "sunny-yellow",
    "tangerine-orange",
    "lavender-purple",
    "rose-pink",
    "teal",
    "golden",
    "silver",
    "copper-brown",
    "navy-blue",
    "leaf-green",
    "plum-purple",
    "cream-white",
    "charcoal-grey",
    "coral-red",
    "lime-green",
]
_PLAIN_COLOURS = {
    "red",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "violet",
    "brown",
    "black",
    "white",
    "grey",
    "gray",
    "gold",
    "golden",
    "silver",
    "teal",
    "turquoise",
    "indigo",
    "crimson",
    "scarlet",
    "emerald",
    "copper",
    "bronze",
    "rainbow",
    "mint",
    "lavender",
    "navy",
    "beige",
    "cream",
    "ginger",
}

# species word -> attributes. "cover" chooses the look sentence; "glow" is what
# the hero does when the story needs light in the dark; "move" a 3rd-person verb.
_S = dict


def _sp(
    group,
    cover,
    colours,
    features,
    accessories,
    limbs="paws",
    move="dashes",
    glow=None,
    power="",
    power_sfx="WHOOSH!",
    pronoun=None,
    fauna=True,
):
    return _S(
        group=group,
        cover=cover,
        colours=colours,
        features=features,
        accessories=accessories,
        limbs=limbs,
        move=move,
        glow=glow,
        power=power,
        power_sfx=power_sfx,
        pronoun=pronoun,
    )


_FUR = ["ginger", "grey", "brown", "cream-white", "charcoal-grey", "golden", "tangerine-orange"]
_HAIR = ["curly red", "short black", "long brown", "fluffy blond", "braided black", "wavy auburn", "spiky brown"]

SPECIES: dict[str, dict[str, Any]] = {
    "dragon": _sp(
        "creature",
        "scales",
        ["mint-green", "lavender-purple", "sky-blue", "cherry-red", "teal", "golden"],
        ["a cream belly", "tiny flappy wings", "stubby little horns", "a curly tail"],
        ["striped scarf", "apron", "bow tie", "knitted hat"],
        limbs="claws",
        move="flaps",
        glow="breathes a big warm flame into every lantern",
        power="breathes a little flame",
        power_sfx="FWOOSH!",
    ),
    "robot": _sp(
        "robot",
        "plating",
        ["silver", "copper-brown", "teal", "cherry-red", "sunny-yellow", "navy-blue"],
        ["one round blue eye", "a wobbly antenna", "caterpillar treads", "big round headlamps"],
        ["racing stripe", "tool belt", "bow tie", "backpack"],
        limbs="metal hands",
        move="zooms",
        glow="switches {his} headlamps to full beam",
        power="winds out {his} steel cable",
        power_sfx="WHIRR!",
    ),
    "cat": _sp(
        "creature",
        "fur",
        _FUR,
        ["white socks", "a striped tail", "long whiskers", "a notched ear"],
        ["bell collar", "scarf", "beret", "bow"],
        move="dashes",
        power="leaps up onto the roof",
        power_sfx="BOING!",
    ),
    "dog": _sp(
        "creature",
        "fur",
        _FUR,
        ["floppy ears", "a waggy tail", "a spotted back"],
        ["collar", "bandana", "scarf"],
        move="bounds",
        power="sniffs out the trail",
        power_sfx="SNIFF!",
    ),
    "puppy": _sp("creature", "fur", _FUR, ["floppy ears", "a waggy tail"], ["collar", "bandana"], move="bounds"),
    "fox": _sp(
        "creature",
        "fur",
        ["tangerine-orange", "silver", "copper-brown"],
        ["a white-tipped tail", "pointy ears"],
        ["scarf", "satchel", "waistcoat"],
        move="darts",
        power="spots a clever way through",
    ),
    "rabbit": _sp(
        "creature",
        "fur",
        ["cream-white", "grey", "copper-brown", "golden"],
        ["long floppy ears", "a cotton tail"],
        ["waistcoat", "scarf", "flower crown"],
        move="hops",
        power="hops higher than ever",
        power_sfx="BOING!",
    ),
    "bunny": _sp(
        "creature",
        "fur",
        ["cream-white", "grey", "rose-pink"],
        ["long floppy ears", "a cotton tail"],
        ["bow", "scarf"],
        move="hops",
        power="hops higher than ever",
        power_sfx="BOING!",
    ),
    "bear": _sp(
        "creature",
        "fur",
        ["copper-brown", "honey-golden", "cream-white", "charcoal-grey"],
        ["round ears", "a big soft tummy"],
        ["knitted jumper", "scarf", "apron"],
        move="lumbers",
        power="lifts the heavy beam with both paws",
        power_sfx="HEAVE!",
    ),
    "mouse": _sp(
        "creature",
        "fur",
        ["grey", "copper-brown", "cream-white"],
        ["big round ears", "a long pink tail"],
        ["acorn-cap hat", "scarf", "apron"],
        move="scurries",
        power="squeezes through the tiniest gap",
        power_sfx="SQUEAK!",
    ),
    "owl": _sp(
        "creature",
        "feathers",
        ["copper-brown", "cream-white", "charcoal-grey", "golden"],
        ["big round eyes", "tufty ears"],
        ["spectacles", "scarf", "bow tie"],
        limbs="wings",
        move="swoops",
        power="spots the way with {his} sharp night eyes",
        power_sfx="HOOT!",
    ),
    "bird": _sp(
        "creature",
        "feathers",
        ["sky-blue", "sunny-yellow", "cherry-red"],
        ["a bright beak", "a fluffy chest"],
        ["scarf", "tiny hat"],
        limbs="wings",
        move="flutters",
        power="flies up high",
        power_sfx="FLAP!",
    ),
    "penguin": _sp(
        "creature",
        "feathers",
        ["charcoal-grey", "navy-blue"],
        ["a white tummy", "orange feet"],
        ["scarf", "bobble hat", "bow tie"],
        limbs="flippers",
        move="slides",
        power="slides down the ice like a rocket",
        power_sfx="WHEEE!",
    ),
    "duck": _sp(
        "creature",
        "feathers",
        ["sunny-yellow", "cream-white", "leaf-green"],
        ["an orange beak"],
        ["sailor hat", "scarf"],
        limbs="wings",
        move="waddles",
    ),
    "frog": _sp(
        "creature",
        "skin",
        ["leaf-green", "lime-green", "teal"],
        ["big goggly eyes", "spotty knees"],
        ["tiny crown", "bow tie", "scarf"],
        limbs="webbed hands",
        move="leaps",
        power="leaps sky-high",
        power_sfx="BOING!",
    ),
    "turtle": _sp(
        "creature",
        "shell",
        ["leaf-green", "teal", "copper-brown"],
        ["a patterned shell", "a wrinkly smile"],
        ["scarf", "tiny hat"],
        limbs="flippers",
        move="plods",
        power="tucks in and rolls",
        power_sfx="BONK!",
    ),
    "tortoise": _sp(
        "creature",
        "shell",
        ["copper-brown", "leaf-green"],
        ["a domed shell", "a wrinkly smile"],
        ["scarf", "flat cap"],
        limbs="feet",
        move="plods",
    ),
    "snail": _sp(
        "creature",
        "shell",
        ["rose-pink", "sunny-yellow", "lavender-purple"],
        ["a spiral shell"],
        ["tiny scarf"],
        limbs="feelers",
        move="glides",
    ),
    "hedgehog": _sp(
        "creature",
        "fur",
        ["copper-brown", "cream-white"],
        ["prickly spines", "a button nose"],
        ["apron", "scarf", "spectacles"],
        move="trundles",
        power="curls into a spiky ball",
        power_sfx="ROLL!",
    ),
    "squirrel": _sp(
        "creature",
        "fur",
        ["copper-brown", "tangerine-orange", "grey"],
        ["a big bushy tail"],
        ["satchel", "scarf"],
        move="scampers",
        power="scampers up the tallest tree",
    ),
    "badger": _sp(
        "creature",
        "fur",
        ["charcoal-grey", "cream-white"],
        ["a striped face"],
        ["waistcoat", "spectacles", "flat cap"],
        move="trundles",
        power="digs a tunnel in a flash",
    ),
    "otter": _sp(
        "creature",
        "fur",
        ["copper-brown", "golden"],
        ["sleek whiskers"],
        ["scarf", "sailor hat"],
        move="swims",
        power="dives deep and fast",
        power_sfx="SPLOOSH!",
    ),
    "raccoon": _sp(
        "creature",
        "fur",
        ["charcoal-grey", "silver"],
        ["a masked face", "a ringed tail"],
        ["bandana", "backpack"],
        move="scurries",
    ),
    "wolf": _sp(
        "creature",
        "fur",
        ["silver", "charcoal-grey"],
        ["a bushy tail", "pointy ears"],
        ["scarf", "cape"],
        move="lopes",
        power="howls loud enough to shake the hills",
        power_sfx="AWOOO!",
    ),
    "lion": _sp(
        "creature",
        "fur",
        ["golden", "tangerine-orange"],
        ["a fluffy mane"],
        ["crown", "scarf"],
        move="bounds",
        power="gives a mighty roar",
        power_sfx="ROARRR!",
    ),
    "tiger": _sp("creature", "fur", ["tangerine-orange"], ["black stripes"], ["scarf", "bandana"], move="pounces"),
    "elephant": _sp(
        "creature",
        "skin",
        ["grey", "lavender-purple"],
        ["big flappy ears", "a long trunk"],
        ["tiny hat", "waistcoat"],
        limbs="feet",
        move="stomps",
        power="sprays a fountain of water from {his} trunk",
        power_sfx="SPLOOSH!",
    ),
    "giraffe": _sp(
        "creature",
        "skin",
        ["golden", "sunny-yellow"],
        ["brown patches", "a very long neck"],
        ["scarf", "bow tie"],
        limbs="hooves",
        move="gallops",
        power="stretches {his} long neck up high",
    ),
    "monkey": _sp(
        "creature",
        "fur",
        ["copper-brown", "golden"],
        ["a curly tail"],
        ["fez", "vest"],
        limbs="hands",
        move="swings",
        power="swings from branch to branch",
    ),
    "panda": _sp("creature", "fur", ["cream-white"], ["black eye patches"], ["bamboo hat", "scarf"], move="rolls"),
    "koala": _sp("creature", "fur", ["grey"], ["fluffy ears"], ["scarf"], move="climbs"),
    "pig": _sp(
        "creature",
        "skin",
        ["rose-pink"],
        ["a curly tail", "a round snout"],
        ["bow", "overalls"],
        limbs="trotters",
        move="trots",
    ),
    "cow": _sp(
        "creature",
        "skin",
        ["cream-white"],
        ["black patches", "a pink nose"],
        ["bell", "straw hat"],
        limbs="hooves",
        move="trots",
    ),
    "sheep": _sp(
        "creature",
        "wool",
        ["cream-white", "charcoal-grey"],
        ["fluffy curls"],
        ["scarf", "bell"],
        limbs="hooves",
        move="trots",
    ),
    "goat": _sp(
        "creature",
        "fur",
        ["cream-white", "copper-brown"],
        ["curly horns", "a little beard"],
        ["bell", "scarf"],
        limbs="hooves",
        move="clambers",
        power="leaps from rock to rock",
    ),
    "horse": _sp(
        "creature",
        "skin",
        ["copper-brown", "charcoal-grey", "cream-white"],
        ["a flowing mane"],
        ["saddle blanket", "ribbon"],
        limbs="hooves",
        move="gallops",
        power_sfx="CLIP-CLOP!",
    ),
    "pony": _sp(
        "creature",
        "skin",
        ["rose-pink", "cream-white", "copper-brown"],
        ["a flowing mane"],
        ["ribbon", "saddle blanket"],
        limbs="hooves",
        move="gallops",
    ),
    "unicorn": _sp(
        "creature",
        "skin",
        ["cream-white", "lavender-purple", "rose-pink"],
        ["a rainbow mane", "a golden horn"],
        ["flower crown", "ribbon"],
        limbs="hooves",
        move="gallops",
        glow="makes {his} horn shine as bright as the sun",
        power="makes {his} horn glow",
        power_sfx="SHIMMER!",
    ),
    "dinosaur": _sp(
        "creature",
        "scales",
        ["leaf-green", "tangerine-orange", "sky-blue"],
        ["tiny arms", "a spiky back"],
        ["scarf", "backpack"],
        limbs="claws",
        move="stomps",
        power="stomps so hard the ground shakes",
        power_sfx="STOMP!",
    ),
    "octopus": _sp(
        "creature",
        "skin",
        ["coral-red", "lavender-purple", "rose-pink"],
        ["eight curly arms"],
        ["tiny hat", "bow tie"],
        limbs="tentacles",
        move="swims",
        power="grabs eight things at once",
    ),
    "whale": _sp(
        "creature",
        "skin",
        ["navy-blue", "sky-blue"],
        ["a white belly"],
        ["sailor hat"],
        limbs="flippers",
        move="swims",
        power="blows a giant spout of water",
        power_sfx="FWOOSH!",
    ),
    "fish": _sp(
        "creature",
        "scales",
        ["tangerine-orange", "sky-blue", "sunny-yellow"],
        ["shimmery fins"],
        ["tiny crown", "bow"],
        limbs="fins",
        move="swims",
    ),
    "shark": _sp(
        "creature",
        "skin",
        ["grey", "navy-blue"],
        ["a big toothy grin"],
        ["bow tie", "sailor hat"],
        limbs="fins",
        move="swims",
    ),
    "crab": _sp(
        "creature",
        "shell",
        ["coral-red", "tangerine-orange"],
        ["big snappy claws"],
        ["tiny hat", "bandana"],
        limbs="claws",
        move="scuttles",
    ),
    "bee": _sp(
        "creature",
        "fur",
        ["sunny-yellow"],
        ["black stripes", "see-through wings"],
        ["tiny crown", "scarf"],
        limbs="legs",
        move="buzzes",
        power="buzzes up into the sky",
        power_sfx="BZZZ!",
    ),
    "ant": _sp(
        "creature",
        "skin",
        ["cherry-red", "charcoal-grey"],
        ["wiggly antennae"],
        ["backpack", "hard hat"],
        limbs="legs",
        move="marches",
        power="lifts fifty times {his} own weight",
    ),
    "butterfly": _sp(
        "creature",
        "skin",
        ["lavender-purple", "sky-blue", "sunny-yellow"],
        ["big patterned wings"],
        ["flower crown"],
        limbs="wings",
        move="flutters",
    ),
    "ghost": _sp(
        "creature",
        "glow",
        ["cream-white", "sky-blue", "lavender-purple"],
        ["a wavy tail", "round dark eyes"],
        ["bow tie", "top hat", "scarf"],
        limbs="wispy arms",
        move="floats",
        glow="glows as bright as a lighthouse",
        power="floats right through the wall",
        power_sfx="WOOOO!",
    ),
    "monster": _sp(
        "creature",
        "fur",
        ["lime-green", "lavender-purple", "sky-blue"],
        ["three googly eyes", "little horns"],
        ["bow tie", "scarf", "party hat"],
        move="stomps",
        power="gives an enormous friendly roar",
        power_sfx="RAWRR!",
    ),
    "alien": _sp(
        "creature",
        "skin",
        ["lime-green", "lavender-purple", "teal"],
        ["two wiggly antennae", "three eyes"],
        ["silver space suit", "bubble helmet"],
        limbs="hands",
        move="floats",
        glow="shines a warm beam from {his} antennae",
        power="beams up with {his} ray",
        power_sfx="ZWOOP!",
    ),
    "snowman": _sp(
        "creature",
        "snow",
        ["cream-white"],
        ["a carrot nose", "coal buttons"],
        ["scarf", "top hat"],
        limbs="twig arms",
        move="slides",
    ),
    "girl": _sp(
        "human",
        "hair",
        _HAIR,
        [],
        ["raincoat", "dungarees", "hoodie", "dress"],
        limbs="hands",
        move="runs",
        glow="lights every lantern {he} can find",
        pronoun="she",
    ),
    "boy": _sp(
        "human",
        "hair",
        _HAIR,
        [],
        ["raincoat", "dungarees", "hoodie", "jumper"],
        limbs="hands",
        move="runs",
        glow="lights every lantern {he} can find",
        pronoun="he",
    ),
    "woman": _sp("human", "hair", _HAIR, [], ["coat", "dress", "cardigan"], limbs="hands", move="runs", pronoun="she"),
    "man": _sp("human", "hair", _HAIR, [], ["coat", "waistcoat", "jumper"], limbs="hands", move="runs", pronoun="he"),
    "kid": _sp("human", "hair", _HAIR, [], ["hoodie", "raincoat", "dungarees"], limbs="hands", move="runs"),
    "grandma": _sp(
        "human",
        "hair",
        ["silver", "cream-white"],
        [],
        ["cardigan", "shawl"],
        limbs="hands",
        move="hurries",
        pronoun="she",
    ),
    "grandpa": _sp(
        "human",
        "hair",
        ["silver", "cream-white"],
        [],
        ["cardigan", "flat cap"],
        limbs="hands",
        move="hurries",
        pronoun="he",
    ),
    "knight": _sp(
        "human",
        "armour",
        ["silver", "golden", "navy-blue"],
        ["a plumed helmet"],
        ["shield", "cape"],
        limbs="gauntlets",
        move="charges",
        glow="raises a blazing torch",
        power="raises {his} shield high",
        power_sfx="CLANG!",
    ),
    "wizard": _sp(
        "human",
        "robes",
        ["navy-blue", "plum-purple", "teal"],
        ["a long white beard", "a pointy hat"],
        ["crooked staff", "star-covered cape"],
        limbs="hands",
        move="hurries",
        glow="casts a spell of floating lights",
        power="casts a sparkling spell",
        power_sfx="ZAP!",
        pronoun="he",
    ),
    "witch": _sp(
        "human",
        "robes",
        ["plum-purple", "charcoal-grey", "leaf-green"],
        ["a pointy hat"],
        ["broomstick", "striped stockings"],
        limbs="hands",
        move="zooms",
        glow="casts a spell of floating lights",
        power="casts a sparkling spell",
        power_sfx="ZAP!",
        pronoun="she",
    ),
    "fairy": _sp(
        "human",
        "robes",
        ["rose-pink", "mint-green", "sky-blue"],
        ["glittery wings"],
        ["flower crown", "wand"],
        limbs="hands",
        move="flutters",
        glow="fills the air with glowing fairy dust",
        power_sfx="TWINKLE!",
        pronoun="she",
    ),
    "princess": _sp(
        "human", "hair", _HAIR, ["a tiny crown"], ["gown", "cape"], limbs="hands", move="runs", pronoun="she"
    ),
    "prince": _sp(
        "human", "hair", _HAIR, ["a tiny crown"], ["tunic", "cape"], limbs="hands", move="runs", pronoun="he"
    ),
    "king": _sp(
        "human",
        "hair",
        ["silver", "golden"],
        ["a big golden crown"],
        ["royal robe"],
        limbs="hands",
        move="strides",
        pronoun="he",
    ),
    "queen": _sp(
        "human",
        "hair",
        ["silver", "golden"],
        ["a big golden crown"],
        ["royal gown"],
        limbs="hands",
        move="strides",
        pronoun="she",
    ),
    "pirate": _sp(
        "human",
        "hair",
        _HAIR,
        ["an eye patch"],
        ["tricorn hat", "striped shirt"],
        limbs="hands",
        move="swashbuckles",
        glow="lights the ship's lanterns one by one",
    ),
    "astronaut": _sp(
        "human",
        "hair",
        _HAIR,
        ["a round glass helmet"],
        ["space suit"],
        limbs="gloves",
        move="floats",
        glow="switches on {his} helmet lamp",
    ),
    "detective": _sp(
        "human",
        "hair",
        _HAIR,
        ["a magnifying glass"],
        ["trench coat", "deerstalker hat"],
        limbs="hands",
        move="hurries",
        glow="shines {his} flashlight into the dark",
    ),
    "chef": _sp("human", "hair", _HAIR, ["a tall white hat"], ["apron"], limbs="hands", move="hurries"),
    "ninja": _sp(
        "human",
        "hair",
        _HAIR,
        ["a mask"],
        ["ninja suit", "headband"],
        limbs="hands",
        move="flips",
        power="flips silently over the wall",
        power_sfx="SWISH!",
    ),
    "mermaid": _sp(
        "human", "hair", _HAIR, ["a shimmering tail"], ["shell necklace"], limbs="hands", move="swims", pronoun="she"
    ),
    "scientist": _sp("human", "hair", _HAIR, ["round goggles"], ["lab coat"], limbs="hands", move="hurries"),
    "teacher": _sp("human", "hair", _HAIR, ["round glasses"], ["cardigan"], limbs="hands", move="hurries"),
    "farmer": _sp("human", "hair", _HAIR, ["a straw hat"], ["overalls"], limbs="hands", move="hurries"),
}
_ALIASES = {
    "kitten": "cat",
    "kitty": "cat",
    "puppies": "puppy",
    "doggy": "dog",
    "hound": "dog",
    "pup": "puppy",
    "hare": "rabbit",
    "mice": "mouse",
    "rat": "mouse",
    "hamster": "mouse",
    "bot": "robot",
    "android": "robot",
    "droid": "robot",
    "cyborg": "robot",
    "automaton": "robot",
    "dino": "dinosaur",
    "trex": "dinosaur",
    "t-rex": "dinosaur",
    "raptor": "dinosaur",
    "dragonfly": "butterfly",
    "ladybug": "ant",
    "beetle": "ant",
    "parrot": "bird",
    "robin": "bird",
    "sparrow": "bird",
    "crow": "bird",
    "raven": "bird",
    "eagle": "bird",
    "pigeon": "bird",
    "seagull": "bird",
    "gull": "bird",
    "hen": "bird",
    "chicken": "bird",
    "chick": "bird",
    "goose": "duck",
    "geese": "duck",
    "swan": "duck",
    "puffin": "penguin",
    "seal": "otter",
    "walrus": "otter",
    "dolphin": "whale",
    "goldfish": "fish",
    "salmon": "fish",
    "lobster": "crab",
    "squid": "octopus",
    "lizard": "dinosaur",
    "gecko": "dinosaur",
    "chameleon": "dinosaur",
    "crocodile": "dinosaur",
    "alligator": "dinosaur",
    "snake": "dinosaur",
    "toad": "frog",
    "polar": "bear",
    "teddy": "bear",
    "lamb": "sheep",
    "calf": "cow",
    "foal": "pony",
    "deer": "goat",
    "reindeer": "goat",
    "moose": "goat",
    "camel": "horse",
    "donkey": "horse",
    "llama": "goat",
    "alpaca": "sheep",
    "yak": "goat",
    "sloth": "koala",
    "gorilla": "monkey",
    "ape": "monkey",
    "chimp": "monkey",
    "leopard": "tiger",
    "cheetah": "tiger",
    "panther": "tiger",
    "jaguar": "tiger",
    "kangaroo": "rabbit",
    "mole": "mouse",
    "vampire": "ghost",
    "spirit": "ghost",
    "yeti": "monster",
    "troll": "monster",
    "ogre": "monster",
    "goblin": "monster",
    "gremlin": "monster",
    "giant": "monster",
    "beast": "monster",
    "martian": "alien",
    "sorcerer": "wizard",
    "mage": "wizard",
    "magician": "wizard",
    "sorceress": "witch",
    "elf": "fairy",
    "pixie": "fairy",
    "sprite": "fairy",
    "lady": "woman",
    "gentleman": "man",
    "girls": "girl",
    "boys": "boy",
    "child": "kid",
    "children": "kid",
    "baby": "kid",
    "toddler": "kid",
    "granny": "grandma",
    "grandmother": "grandma",
    "grandfather": "grandpa",
    "granddad": "grandpa",
    "grandad": "grandpa",
    "sister": "girl",
    "brother": "boy",
    "daughter": "girl",
    "son": "boy",
    "mom": "woman",
    "mum": "woman",
    "mother": "woman",
    "dad": "man",
    "father": "man",
    "aunt": "woman",
    "uncle": "man",
    "cook": "chef",
    "baker": "chef",
    "sailor": "pirate",
    "captain": "pirate",
    "spaceman": "astronaut",
    "cosmonaut": "astronaut",
    "inventor": "scientist",
    "professor": "scientist",
    "doctor": "scientist",
    "samurai": "ninja",
    "cowboy": "farmer",
    "cowgirl": "farmer",
    "gardener": "farmer",
    "spy": "detective",
    "sleuth": "detective",
    "student": "kid",
    "pupil": "kid",
    "friend": "kid",
    "person": "kid",
    "people": "kid",
    "dragons": "dragon",
}
# A few creature words in other languages (lowercase); CJK ones are matched as substrings.
_FOREIGN = {
    "dragón": "dragon",
    "drache": "dragon",
    "drago": "dragon",
    "dragão": "dragon",
    "дракон": "dragon",
    "gato": "cat",
    "chat": "cat",
    "katze": "cat",
    "gatto": "cat",
    "kot": "cat",
    "кот": "cat",
    "кошка": "cat",
    "perro": "dog",
    "chien": "dog",
    "hund": "dog",
    "cane": "dog",
    "cachorro": "dog",
    "собака": "dog",
    "zorro": "fox",
    "renard": "fox",
    "fuchs": "fox",
    "volpe": "fox",
    "raposa": "fox",
    "лиса": "fox",
    "oso": "bear",
    "ours": "bear",
    "bär": "bear",
    "orso": "bear",
    "urso": "bear",
    "медведь": "bear",
    "conejo": "rabbit",
    "lapin": "rabbit",
    "hase": "rabbit",
    "coniglio": "rabbit",
    "coelho": "rabbit",
    "roboter": "robot",
    "robô": "robot",
    "робот": "robot",
    "ratón": "mouse",
    "souris": "mouse",
    "maus": "mouse",
    "niña": "girl",
    "fille": "girl",
    "mädchen": "girl",
    "ragazza": "girl",
    "menina": "girl",
    "девочка": "girl",
    "niño": "boy",
    "garçon": "boy",
    "junge": "boy",
    "ragazzo": "boy",
    "menino": "boy",
    "мальчик": "boy",
    "pájaro": "bird",
    "oiseau": "bird",
    "vogel": "bird",
    "uccello": "bird",
    "pássaro": "bird",
    "caballero": "knight",
    "chevalier": "knight",
    "ritter": "knight",
    "cavaliere": "knight",
    "mago": "wizard",
    "sorcier": "wizard",
    "zauberer": "wizard",
    "bruja": "witch",
    "sorcière": "witch",
    "hexe": "witch",
    "pingüino": "penguin",
    "pingouin": "penguin",
    "pinguin": "penguin",
    "búho": "owl",
    "hibou": "owl",
    "eule": "owl",
    "tortuga": "turtle",
    "tortue": "turtle",
    "schildkröte": "turtle",
    "猫": "cat",
    "犬": "dog",
    "龍": "dragon",
    "竜": "dragon",
    "龙": "dragon",
    "狐": "fox",
    "熊": "bear",
    "兔": "rabbit",
    "うさぎ": "rabbit",
    "ロボット": "robot",
    "机器人": "robot",
    "로봇": "robot",
    "고양이": "cat",
    "강아지": "dog",
    "용": "dragon",
    "鳥": "bird",
    "鸟": "bird",
    "ねこ": "cat",
    "いぬ": "dog",
    "🐉": "dragon",
    "🐲": "dragon",
    "🐱": "cat",
    "🐈": "cat",
    "🐶": "dog",
    "🐕": "dog",
    "🦊": "fox",
    "🐻": "bear",
    "🐰": "rabbit",
    "🐇": "rabbit",
    "🤖": "robot",
    "🐭": "mouse",
    "🦉": "owl",
    "🐧": "penguin",
    "🐸": "frog",
    "🐢": "turtle",
    "🦄": "unicorn",
    "🦖": "dinosaur",
    "🦕": "dinosaur",
    "🐙": "octopus",
    "🐳": "whale",
    "🐋": "whale",
    "🐟": "fish",
    "👻": "ghost",
    "👽": "alien",
    "👧": "girl",
    "👦": "boy",
    "🧙": "wizard",
    "🧚": "fairy",
    "🧜": "mermaid",
    "🐝": "bee",
    "🐘": "elephant",
    "🦁": "lion",
    "🐯": "tiger",
    "🐼": "panda",
    "🐷": "pig",
    "🐮": "cow",
    "🐴": "horse",
    "🦔": "hedgehog",
    "🐿": "squirrel",
    "🦆": "duck",
}
# Grown-ups named by what they do; the painter draws a man or a woman.
_ADULTS = {
    "keeper",
    "explorer",
    "painter",
    "artist",
    "musician",
    "singer",
    "dancer",
    "writer",
    "poet",
    "hero",
    "heroine",
    "adventurer",
    "traveller",
    "traveler",
    "shopkeeper",
    "librarian",
    "postman",
    "mail carrier",
    "gardener",
    "fisherman",
    "mechanic",
    "engineer",
    "nurse",
    "firefighter",
    "pilot",
    "clown",
    "mayor",
    "shepherd",
    "hunter",
    "ranger",
    "carpenter",
    "tailor",
    "potter",
    "blacksmith",
    "inventor",
    "barista",
    "driver",
    "builder",
    "plumber",
    "vet",
    "zookeeper",
    "lifeguard",
    "dentist",
    "juggler",
    "acrobat",
}
_IRREGULAR_PLURALS = {
    "mice": "mouse",
    "geese": "duck",
    "wolves": "wolf",
    "elves": "fairy",
    "dwarves": "kid",
    "children": "kid",
    "people": "kid",
    "women": "woman",
    "men": "man",
    "fish": "fish",
    "sheep": "sheep",
    "deer": "goat",
    "fairies": "fairy",
    "puppies": "puppy",
    "bunnies": "bunny",
    "ponies": "pony",
    "kitties": "cat",
    "butterflies": "butterfly",
    "ladies": "woman",
    "grannies": "grandma",
    "knives": "",
}

# People by what they are (the painter's body types); every other "human" species is a job a
# creature can have too ("a kitten ninja", "a robot chef", "a pirate girl").
_HUMAN_BODIES = {"girl", "boy", "woman", "man", "kid", "grandma", "grandpa"}
# Pronouns fixed by the body word itself; others (wizard, witch...) are only a default.
_STRONG_PRONOUN = {"girl", "boy", "woman", "man", "grandma", "grandpa", "king", "queen", "prince", "princess"}
# What a creature wears for its job, so the painter draws it (colour slot: {c}).
_JOB_GEAR = {
    "ninja": "a black ninja outfit and {a_c} headband",
    "knight": "shining silver armour and {a_c} cape",
    "wizard": "a pointy {c} wizard hat and a star-covered cape",
    "witch": "a pointy black witch hat and {a_c} cape",
    "pirate": "a black pirate hat, an eye patch and {a_c} bandana",
    "astronaut": "a white space suit and a round glass helmet",
    "detective": "{a_c} deerstalker hat and a long trench coat",
    "chef": "a tall white chef's hat and {a_c} apron",
    "scientist": "a white lab coat and a pair of goggles",
    "teacher": "a pair of round glasses and {a_c} cardigan",
    "farmer": "a straw hat and {c} overalls",
    "king": "a golden crown and {a_c} royal cape",
    "queen": "a golden crown and {a_c} royal cape",
    "prince": "a little golden crown and {a_c} cape",
    "princess": "a little golden crown and {a_c} cape",
    "fairy": "glittery wings and {a_c} flower crown",
    "mermaid": "a shimmering fish tail and {a_c} shell necklace",
}
# Heroes that are things: drawn as a robot (machines and objects) or a glowing spirit (nature).
_THING_BODIES = {
    **dict.fromkeys(
        (
            "toaster",
            "kettle",
            "teapot",
            "teacup",
            "lamp",
            "clock",
            "car",
            "truck",
            "bus",
            "taxi",
            "tractor",
            "train",
            "computer",
            "phone",
            "vacuum",
            "fridge",
            "oven",
            "rocket",
            "boat",
            "tugboat",
            "submarine",
            "spaceship",
            "plane",
            "airplane",
            "helicopter",
            "umbrella",
        ),
        "robot",
    ),
    **dict.fromkeys(
        (
            "moon",
            "sun",
            "star",
            "cloud",
            "raincloud",
            "comet",
            "planet",
            "snowflake",
            "raindrop",
            "rainbow",
            "wind",
            "wave",
            "volcano",
            "tree",
            "flower",
            "mountain",
        ),
        "ghost",
    ),
}
# Colours that suit a thing hero ("a moon spirit with a soft silver glow").
_THING_COLOURS = {
    "moon": ["silver"],
    "sun": ["golden"],
    "star": ["golden"],
    "comet": ["sky-blue"],
    "cloud": ["cream-white"],
    "raincloud": ["charcoal-grey"],
    "snowflake": ["sky-blue"],
    "raindrop": ["sky-blue"],
    "volcano": ["cherry-red"],
    "tree": ["leaf-green"],
    "flower": ["rose-pink"],
    "toaster": ["silver"],
    "kettle": ["copper-brown"],
}
# Nouns that can stand before the hero's noun as part of what it is ("space pirates", "bus driver").
_NOUN_MODIFIERS = {
    "space",
    "sea",
    "ocean",
    "sky",
    "star",
    "moon",
    "sun",
    "snow",
    "ice",
    "fire",
    "water",
    "forest",
    "jungle",
    "desert",
    "city",
    "farm",
    "school",
    "circus",
    "bus",
    "taxi",
    "train",
    "truck",
    "police",
    "tea",
    "coffee",
    "noodle",
    "pizza",
    "cake",
    "toy",
    "music",
    "rock",
    "jazz",
    "disco",
    "karate",
    "kung",
    "fu",
    "super",
    "night",
    "garden",
    "house",
    "street",
    "bomb",
    "squad",
    "rescue",
    "ghost",
    "dream",
    "story",
    "rainbow",
    "candy",
    "sock",
    "cloud",
    "ice-cream",
}
# Names people often type in lower case: "explores mars" -> "explore Mars".
_PROPER = "Mars Venus Jupiter Saturn Pluto Paris London Tokyo Rome Egypt Africa Antarctica Atlantis Christmas Halloween"
_PROPER_NOUNS = {w.lower(): w for w in _PROPER.split()}
# Events in the idea that make a goal: "loses his hat" -> find his hat.
_FLIP_VERBS = {"lose": "find", "miss": "find", "forget": "remember", "break": "fix"}
# Verbs of keeping something safe: "save the noodle festival" is no treasure to find.
_RESCUE_VERBS = {"save", "rescue", "protect", "defend", "help", "free", "guard"}
# Verbs that make a quest about one thing: its title is "Pip and the Lost Crown".
_FIND_VERBS = {"find", "search", "seek", "look", "discover", "recover", "fetch", "collect", "hunt", "track", "uncover"}
# The pool names that read as a girl's or a boy's name (the others suit anyone).
_GIRL_NAMES = (
    "juniper hazel wren tansy mabel tilly pippa ember dottie peony lulu mina rosa ada ivy suki nell priya lena "
    "zara amara agatha beatrix winifred marigold edna dorothea philippa prunella luna bella daisy rose lily molly "
    "poppy ruby sophie emma olivia mia anna lucy amy kate"
)
_BOY_NAMES = (
    "basil otto milo barnaby bramwell rufus wilbur figaro theo arlo leo omar felix kofi mateo hugo jonah tobias "
    "mortimer horace cornelius bartholomew percival ignatius mordecai ferdinand max jack sam tom oscar charlie george "
    "bob ben tim"
)
_NAME_PRONOUN = {**dict.fromkeys(_GIRL_NAMES.split(), "she"), **dict.fromkeys(_BOY_NAMES.split(), "he")}

# Personality adjectives: what the hero says when it all goes wrong, and how they grow.
TRAITS: dict[str, dict[str, str]] = {
    "shy": {
        "worry": "What if I'm too shy to even say hello?",
        "doubt": "Maybe I'm just too shy for all this.",
        "nudge": "You don't have to be loud, {Hero}. Just be you.",
        "overcome": "forgot all about being shy",
    },
    "nervous": {
        "doubt": "My knees are wobbling just thinking about it.",
        "nudge": "Wobbly knees can still take one step, {Hero}.",
        "overcome": "forgot to be nervous",
    },
    "timid": {
        "doubt": "Someone as timid as me? I'd only get in the way.",
        "nudge": "Quiet isn't the same as small, {Hero}.",
        "overcome": "found a brave voice {he} never knew {he} had",
    },
    "scared": {
        "doubt": "I'm scared of everything. How could I ever do this?",
        "nudge": "Being brave just means being scared and doing it anyway.",
        "overcome": "was scared, and did it anyway",
    },
    "clumsy": {
        "doubt": "What if I trip over my own feet again? I always do.",
        "nudge": "Everybody trips, {Hero}. You just get back up.",
        "overcome": "didn't trip once (well, only once)",
    },
    "grumpy": {
        "doubt": "Hmph. Who'd want anything from a grump like me?",
        "nudge": "Under all that grumbling is the kindest heart I know.",
        "overcome": "couldn't stop smiling",
    },
    "lonely": {
        "doubt": "Maybe I'm just meant to be on my own.",
        "nudge": "You're not alone. You've got me.",
        "overcome": "was never lonely again",
    },
    "tiny": {
        "doubt": "Who'd ever notice someone as tiny as me?",
        "nudge": "Tiny doesn't mean small inside, {Hero}.",
        "overcome": "felt ten feet tall",
    },
    "little": {
        "doubt": "I'm too little for something this big.",
        "nudge": "Little ones can do big things, {Hero}.",
        "overcome": "felt ten feet tall",
    },
    "small": {
        "doubt": "I'm too small for something this big.",
        "nudge": "Small ones can do big things, {Hero}.",
        "overcome": "felt ten feet tall",
    },
    "slow": {
        "doubt": "I'm too slow. I'll never make it.",
        "nudge": "Slow and steady still gets there, {Hero}.",
        "overcome": "learned that steady beats speedy",
    },
    "old": {
        "doubt": "Maybe I'm too old for dreams this big.",
        "nudge": "Dreams don't have birthdays, {Hero}.",
        "overcome": "felt young again",
    },
    "young": {
        "doubt": "Maybe I'm too young for this.",
        "nudge": "Nobody's too young to try, {Hero}.",
        "overcome": "showed everyone what a young heart can do",
    },
    "lazy": {
        "doubt": "This is so much work. Maybe I should just nap.",
        "nudge": "One more push, then the comfiest nap ever.",
        "overcome": "worked harder than ever, then napped for a week",
    },
    "sleepy": {
        "doubt": "Maybe I should just go back to bed.",
        "nudge": "Wake up, {Hero}! Your dream is waiting!",
        "overcome": "was wide awake for the best day of {his} life",
    },
    "curious": {
        "doubt": "Maybe some things are better left alone.",
        "nudge": "Your curiosity got us this far. Keep asking!",
        "overcome": "found out something wonderful",
    },
    "brave": {
        "doubt": "Being brave isn't enough for this one.",
        "nudge": "Brave AND not alone. That's better.",
        "overcome": "learned that friends make brave even braver",
    },
    "proud": {
        "doubt": "I was so sure I'd win. Now look at me.",
        "nudge": "Winning isn't everything, {Hero}.",
        "overcome": "learned there are better things than winning",
    },
    "boastful": {
        "doubt": "I bragged to everyone. Now look at me.",
        "nudge": "Less bragging, more trying, {Hero}!",
        "overcome": "learned there are better things than bragging",
    },
    "clever": {
        "doubt": "I'm all out of clever ideas.",
        "nudge": "Your best idea is always the next one, {Hero}.",
        "overcome": "had the cleverest idea of all: asking for help",
    },
    "silly": {
        "doubt": "Nobody takes a silly {hero_sp} seriously.",
        "nudge": "Silly is your superpower, {Hero}!",
        "overcome": "was still silly, and proud of it",
    },
    "kind": {
        "doubt": "Maybe being kind isn't enough.",
        "nudge": "Kind is always enough, {Hero}.",
        "overcome": "showed everyone that kindness wins",
    },
    "gentle": {
        "doubt": "Maybe gentle just isn't strong enough.",
        "nudge": "Gentle is its own kind of strong.",
        "overcome": "showed that gentle is its own kind of strong",
    },
    "determined": {
        "doubt": "I tried so hard. It still wasn't enough.",
        "nudge": "You never give up, {Hero}. Don't start now.",
        "overcome": "never gave up",
    },
    "worried": {
        "doubt": "What if everything goes wrong?",
        "nudge": "What if everything goes RIGHT?",
        "overcome": "stopped worrying and started smiling",
    },
    "lost": {
        "doubt": "I don't even know where I belong.",
        "nudge": "You belong with us, {Hero}.",
        "overcome": "knew exactly where {he} belonged",
    },
    "hungry": {
        "doubt": "I can't think on an empty tummy.",
        "nudge": "Here, have a snack. Now let's think.",
        "overcome": "never went hungry again",
    },
    "sad": {
        "doubt": "Nothing ever works out for me.",
        "nudge": "Things can change, {Hero}. Let's change them.",
        "overcome": "smiled the biggest smile in the world",
    },
}
_TRAIT_ALIASES = {
    "bashful": "shy",
    "quiet": "shy",
    "anxious": "nervous",
    "frightened": "scared",
    "afraid": "scared",
    "fearful": "scared",
    "cowardly": "scared",
    "grouchy": "grumpy",
    "cranky": "grumpy",
    "grumbly": "grumpy",
    "alone": "lonely",
    "teeny": "tiny",
    "wee": "little",
    "itty": "tiny",
    "elderly": "old",
    "ancient": "old",
    "baby": "young",
    "cocky": "boastful",
    "smart": "clever",
    "wise": "clever",
    "goofy": "silly",
    "funny": "silly",
    "gloomy": "sad",
    "unlucky": "sad",
    "stubborn": "determined",
    "plucky": "brave",
    "bold": "brave",
    "courageous": "brave",
    "sleepyhead": "sleepy",
    "tired": "sleepy",
    "inquisitive": "curious",
    "nosy": "curious",
    "speedy": "proud",
    "fast": "proud",
    "quick": "proud",
    "sweet": "kind",
    "friendly": "kind",
    "soft": "gentle",
    "forgetful": "clumsy",
    "awkward": "clumsy",
}
_SIZE = {
    "tiny": "tiny",
    "little": "little",
    "small": "small",
    "teeny": "tiny",
    "wee": "little",
    "big": "big",
    "huge": "huge",
    "giant": "huge",
    "enormous": "huge",
    "chubby": "chubby",
    "fat": "chubby",
    "round": "round",
    "tall": "tall",
    "skinny": "skinny",
    "fluffy": "fluffy",
    "baby": "little",
}
_DEFAULT_TRAITS = {
    "shop": ["shy", "nervous", "clumsy", "shy"],
    "race": ["proud", "determined", "little"],
    "quest": ["curious", "little", "brave", "timid"],
    "build": ["clever", "clumsy", "curious"],
    "grow": ["shy", "little", "nervous", "clumsy"],
}
_WORRIES = {
    "": "I hope so. I really, really hope so.",
    "nervous": "My knees are wobbling already.",
    "timid": "Maybe... if nobody looks at me.",
    "scared": "I'm scared. But I want to try.",
    "clumsy": "If I don't trip over my own feet first!",
    "grumpy": "Hmph. Maybe. Don't get your hopes up.",
    "lonely": "It would be nice not to do it alone.",
    "tiny": "Even someone as tiny as me?",
    "little": "Even someone as little as me?",
    "small": "Even someone as small as me?",
    "slow": "If I take it slow and steady, maybe.",
    "old": "I'm not too old for a new dream, am I?",
    "young": "Am I old enough for something this big?",
    "lazy": "If I can stay awake long enough!",
    "sleepy": "*yawn* If I can stay awake long enough!",
    "curious": "I have to find out!",
    "brave": "I'm not scared. Well... not very.",
    "proud": "Of course I can. I'm the best!",
    "boastful": "Easy! I'm the best there is!",
    "clever": "I've checked my sums twice. I think so!",
    "silly": "Probably! Maybe! Who knows?",
    "kind": "I hope it makes everyone happy.",
    "gentle": "I hope so. Slowly and gently.",
    "determined": "I'll do it if it takes all year.",
    "worried": "What if it all goes wrong?",
    "sad": "Maybe this will cheer me up.",
    "hungry": "After a snack, definitely.",
}
_GENERIC_TRAIT = {
    "doubt": "What if I'm just not good enough?",
    "nudge": "You're better than you think, {Hero}.",
    "overcome": "believed in {himself} at last",
}

_STOP = {
    "a",
    "an",
    "the",
    "one",
    "two",
    "three",
    "four",
    "five",
    "some",
    "my",
    "our",
    "your",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "from",
    "by",
    "who",
    "which",
    "whose",
    "is",
    "are",
    "was",
    "were",
    "be",
    "it",
    "its",
    "as",
    "very",
    "so",
    "too",
    "but",
    "about",
    "story",
    "comic",
    "tale",
    "book",
    "picture",
    "named",
    "called",
    "once",
    "upon",
    "time",
    "there",
    "lived",
    "pair",
    "couple",
    "group",
    "team",
    "band",
    "gang",
    "bunch",
    "family",
    "best",
    "friends",
    "friend",
}
_PREPOSITIONS = {
    "in",
    "on",
    "at",
    "with",
    "from",
    "of",
    "near",
    "by",
    "under",
    "inside",
    "behind",
    "beside",
    "without",
    "into",
    "onto",
    "across",
    "through",
    "over",
    "around",
    "after",
    "before",
    "like",
}
_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "twin": 2,
    "twins": 2,
    "pair": 2,
    "couple": 2,
    "both": 2,
    "several": 3,
    "some": 3,
    "many": 3,
    "group": 3,
    "gang": 3,
    "band": 3,
    "team": 3,
    "family": 3,
}

# Verbs that start a goal, by plot. Base forms; inflections are handled by _base_verb.
_SHOP_HEADS = {
    "shop",
    "café",
    "cafe",
    "bakery",
    "restaurant",
    "stall",
    "stand",
    "store",
    "diner",
    "parlour",
    "parlor",
    "boutique",
    "inn",
    "teahouse",
    "tearoom",
    "patisserie",
    "bistro",
    "cart",
    "truck",
    "library",
    "bookshop",
    "bookstore",
    "florist",
    "market",
    "kiosk",
    "salon",
    "pizzeria",
    "creamery",
    "deli",
    "shack",
}
_RACE_WORDS = {"race", "races", "racing", "raced", "derby", "rally", "marathon", "regatta", "grand prix", "relay"}
_PLOT_VERBS = {
    "shop": {"open", "run", "start", "own", "manage", "launch", "set up", "work"},
    "race": {"race", "compete", "win", "enter", "beat", "challenge", "outrun", "zoom", "speed"},
    "build": {
        "build",
        "make",
        "invent",
        "create",
        "design",
        "construct",
        "fix",
        "repair",
        "craft",
        "knit",
        "sew",
        "bake",
        "cook",
        "paint",
        "draw",
        "write",
        "compose",
        "plant",
        "grow",
        "carve",
        "brew",
        "sculpt",
        "assemble",
        "throw",
        "host",
        "plan",
        "decorate",
        "restore",
        "launch",
    },
    "quest": {
        "find",
        "search",
        "look",
        "seek",
        "rescue",
        "save",
        "explore",
        "travel",
        "go",
        "visit",
        "climb",
        "sail",
        "cross",
        "deliver",
        "bring",
        "catch",
        "chase",
        "hunt",
        "escape",
        "return",
        "discover",
        "journey",
        "follow",
        "track",
        "fetch",
        "recover",
        "reach",
        "get",
        "collect",
        "fight",
        "defeat",
        "battle",
        "stop",
        "protect",
        "guard",
        "solve",
        "investigate",
        "free",
        "help",
        "wander",
        "hike",
        "trek",
        "roam",
        "tame",
        "steal",
        "sneak",
        "dig",
        "voyage",
        "head",
        "walk",
        "run",
        "flee",
        "ride",
        "blow",
        "sink",
        "outsmart",
        "trick",
        "unlock",
        "uncover",
        "map",
        "survive",
        "spy",
        "see",
    },
    "grow": {
        "learn",
        "become",
        "be",
        "try",
        "practise",
        "practice",
        "overcome",
        "face",
        "conquer",
        "join",
        "sing",
        "dance",
        "fly",
        "swim",
        "read",
        "skate",
        "ski",
        "jump",
        "make friends",
        "befriend",
        "meet",
        "play",
        "perform",
        "speak",
        "share",
        "teach",
        "train",
        "change",
        "dream",
        "feel",
        "stand",
        "lead",
        "shine",
        "sleep",
        "smile",
        "laugh",
        "win",
        "love",
        "count",
        "whistle",
        "juggle",
        "surf",
        "draw",
    },
}
_KNOWN_VERBS = set().union(*_PLOT_VERBS.values()) | {
    "want",
    "wish",
    "hope",
    "need",
    "decide",
    "long",
    "yearn",
    "plan",
    "aim",
    "love",
    "like",
    "hate",
    "fear",
    "live",
    "have",
    "do",
    "eat",
    "lose",
    "forget",
    "remember",
    "take",
    "keep",
    "sell",
    "buy",
    "trade",
    "drive",
    "march",
    "hop",
    "dash",
    "roll",
    "wake",
    "hide",
    "lead",
    "guide",
    "carry",
    "camp",
    "fish",
    "float",
    "glow",
    "light",
    "tell",
    "turn",
    "move",
    "spend",
    "give",
    "set",
    "bring",
    "make",
    "sneak",
    "discover",
    "celebrate",
    "organise",
    "organize",
    "deliver",
    "hatch",
    "wait",
    "stay",
    "get",
    "go",
    "come",
    "begin",
    "garden",
    "bake",
    "cook",
    "paint",
    "knit",
    "invent",
    "think",
    "see",
    "watch",
    "hear",
    "listen",
    "write",
    "save",
    "finish",
    "attempt",
    "sets",
    "swap",
    "borrow",
    "prove",
    "show",
    "win",
    "answer",
    "appear",
    "arrive",
    "burn",
    "bloom",
    "clean",
    "cure",
    "heal",
    "stop",
    "fall",
    "miss",
    "break",
    "open",
    "close",
    "jump",
    "dream",
    "rule",
    "cry",
    "wear",
    "ask",
    "call",
    "adopt",
    "sneeze",
    "snore",
    "wonder",
    "worry",
    "refuse",
    "start",
    "become",
    "use",
    "pass",
    "join",
    "run",
    "throw",
    "wash",
    "fix",
    "hug",
    "kiss",
    "rescue",
    "invite",
    "count",
    "taste",
    "smell",
}
_STATE_VERBS = {"live", "be", "have", "work", "sleep", "stay", "sit", "wait", "like", "hate", "fear", "look"}
_IRREGULAR_PAST = {
    "find": "found",
    "go": "went",
    "make": "made",
    "build": "built",
    "win": "won",
    "fly": "flew",
    "swim": "swam",
    "run": "ran",
    "sing": "sang",
    "bring": "brought",
    "catch": "caught",
    "take": "took",
    "get": "got",
    "see": "saw",
    "ride": "rode",
    "teach": "taught",
    "become": "became",
    "begin": "began",
    "do": "did",
    "have": "had",
    "be": "was",
    "eat": "ate",
    "meet": "met",
    "dig": "dug",
    "sell": "sold",
    "tell": "told",
    "write": "wrote",
    "draw": "drew",
    "grow": "grew",
    "throw": "threw",
    "know": "knew",
    "give": "gave",
    "keep": "kept",
    "sleep": "slept",
    "leave": "left",
    "feel": "felt",
    "hold": "held",
    "stand": "stood",
    "read": "read",
    "lead": "led",
    "fight": "fought",
    "buy": "bought",
    "think": "thought",
    "seek": "sought",
    "sew": "sewed",
    "set": "set",
    "put": "put",
    "cut": "cut",
    "shine": "shone",
    "speak": "spoke",
    "forget": "forgot",
    "lose": "lost",
    "swing": "swung",
    "wake": "woke",
    "freeze": "froze",
    "steal": "stole",
    "hide": "hid",
    "come": "came",
    "say": "said",
    "spend": "spent",
    "light": "lit",
    "slide": "slid",
    "sneak": "sneaked",
    "fall": "fell",
    "break": "broke",
    "wear": "wore",
}
_PAST_TO_BASE = {past: base for base, past in _IRREGULAR_PAST.items() if past != base}
_DOUBLE_FINAL = {
    "run",
    "swim",
    "dig",
    "stop",
    "shop",
    "win",
    "plan",
    "sit",
    "get",
    "hop",
    "jog",
    "rob",
    "nap",
    "chat",
    "trap",
    "skip",
    "drop",
    "hug",
    "spin",
    "begin",
    "set",
    "cut",
    "put",
    "bat",
    "pat",
    "wag",
    "drum",
    "grab",
    "trek",
    "zip",
    "tap",
    "clap",
    "flip",
    "slip",
    "trip",
    "plot",
    "knit",
    "star",
}

PRODUCTS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # key: (product, serving, servings, batch, makes, taste, display)
    "tea": ("tea", "a cup of tea", "cups of tea", "pot of tea", "brews", "sip", "rows of teacups"),
    "coffee": ("coffee", "a cup of coffee", "cups of coffee", "pot of coffee", "brews", "sip", "rows of mugs"),
    "cocoa": ("cocoa", "a mug of cocoa", "mugs of cocoa", "pot of cocoa", "stirs up", "sip", "rows of mugs"),
    "cake": ("cake", "a slice of cake", "slices of cake", "tray of cakes", "bakes", "bite", "plates of cake"),
    "cupcake": ("cupcakes", "a cupcake", "cupcakes", "tray of cupcakes", "bakes", "bite", "towers of cupcakes"),
    "bread": ("bread", "a warm loaf", "warm loaves", "batch of bread", "bakes", "bite", "baskets of bread"),
    "bun": ("buns", "a sticky bun", "sticky buns", "tray of buns", "bakes", "bite", "trays of buns"),
    "pie": ("pie", "a slice of pie", "slices of pie", "warm pie", "bakes", "bite", "rows of pies"),
    "cookie": ("cookies", "a cookie", "cookies", "tray of cookies", "bakes", "bite", "jars of cookies"),
    "biscuit": ("biscuits", "a biscuit", "biscuits", "tray of biscuits", "bakes", "bite", "jars of biscuits"),
    "pancake": (
        "pancakes",
        "a stack of pancakes",
        "stacks of pancakes",
        "stack of pancakes",
        "flips",
        "bite",
        "plates of pancakes",
    ),
    "soup": ("soup", "a bowl of soup", "bowls of soup", "pot of soup", "cooks", "spoonful", "stacks of bowls"),
    "noodle": (
        "noodles",
        "a bowl of noodles",
        "bowls of noodles",
        "pot of noodles",
        "cooks",
        "slurp",
        "stacks of bowls",
    ),
    "ramen": ("ramen", "a bowl of ramen", "bowls of ramen", "pot of ramen", "cooks", "slurp", "stacks of bowls"),
    "pizza": ("pizza", "a slice of pizza", "slices of pizza", "pizza", "bakes", "bite", "stacks of pizza boxes"),
    "ice": (
        "ice cream",
        "a scoop of ice cream",
        "scoops of ice cream",
        "tub of ice cream",
        "churns",
        "lick",
        "rows of cones",
    ),
    "lemonade": (
        "lemonade",
        "a glass of lemonade",
        "glasses of lemonade",
        "jug of lemonade",
        "squeezes",
        "sip",
        "rows of glasses",
    ),
    "juice": ("juice", "a glass of juice", "glasses of juice", "jug of juice", "squeezes", "sip", "rows of glasses"),
    "smoothie": ("smoothies", "a smoothie", "smoothies", "jug of smoothie", "blends", "sip", "rows of glasses"),
    "chocolate": (
        "chocolate",
        "a piece of chocolate",
        "chocolates",
        "batch of chocolate",
        "melts",
        "nibble",
        "boxes of chocolates",
    ),
    "candy": ("sweets", "a bag of sweets", "bags of sweets", "jar of sweets", "makes", "taste", "jars of sweets"),
    "sweet": ("sweets", "a bag of sweets", "bags of sweets", "jar of sweets", "makes", "taste", "jars of sweets"),
    "honey": ("honey", "a pot of honey", "pots of honey", "jar of honey", "stirs", "taste", "rows of honey pots"),
    "sushi": ("sushi", "a plate of sushi", "plates of sushi", "tray of sushi", "rolls", "bite", "plates of sushi"),
    "taco": ("tacos", "a taco", "tacos", "plate of tacos", "folds", "bite", "plates of tacos"),
    "dumpling": (
        "dumplings",
        "a basket of dumplings",
        "baskets of dumplings",
        "basket of dumplings",
        "steams",
        "bite",
        "stacks of steamer baskets",
    ),
    "sandwich": (
        "sandwiches",
        "a sandwich",
        "sandwiches",
        "plate of sandwiches",
        "makes",
        "bite",
        "plates of sandwiches",
    ),
    "donut": ("doughnuts", "a doughnut", "doughnuts", "tray of doughnuts", "fries", "bite", "trays of doughnuts"),
    "doughnut": ("doughnuts", "a doughnut", "doughnuts", "tray of doughnuts", "fries", "bite", "trays of doughnuts"),
    "food": ("food", "a hot dinner", "hot dinners", "pot of stew", "cooks", "taste", "stacks of plates"),
    "flower": (
        "flowers",
        "a bunch of flowers",
        "bunches of flowers",
        "bouquet",
        "arranges",
        "sniff",
        "buckets of flowers",
    ),
    "book": ("books", "a good book", "books", "stack of books", "dusts off", "peek", "shelves of books"),
    "toy": ("toys", "a wooden toy", "toys", "box of toys", "carves", "look", "shelves of toys"),
    "hat": ("hats", "a fancy hat", "hats", "stack of hats", "stitches", "look", "rows of hats"),
    "potion": (
        "potions",
        "a bottle of potion",
        "potions",
        "cauldron of potion",
        "brews",
        "sniff",
        "shelves of bottles",
    ),
    "pet": ("pets", "a new pet", "pets", "basket of kittens", "cares for", "look", "rows of cosy baskets"),
}
_HEAD_PRODUCT = {
    "bakery": "bun",
    "café": "coffee",
    "cafe": "coffee",
    "restaurant": "food",
    "diner": "food",
    "bistro": "food",
    "inn": "soup",
    "library": "book",
    "bookshop": "book",
    "bookstore": "book",
    "florist": "flower",
    "teahouse": "tea",
    "tearoom": "tea",
    "patisserie": "cake",
    "pizzeria": "pizza",
    "creamery": "ice",
    "parlour": "ice",
    "parlor": "ice",
    "deli": "sandwich",
}
_FOOD_THINGS = {
    "cake",
    "pie",
    "soup",
    "cookie",
    "cookies",
    "bread",
    "pizza",
    "sandwich",
    "feast",
    "dinner",
    "pudding",
    "cupcake",
    "cupcakes",
    "pancakes",
    "pancake",
    "stew",
    "jam",
    "muffin",
    "muffins",
    "lunch",
    "breakfast",
    "picnic",
    "potion",
    "tart",
    "trifle",
}
_MACHINE_THINGS = {
    "rocket",
    "robot",
    "car",
    "plane",
    "airplane",
    "boat",
    "ship",
    "machine",
    "kite",
    "balloon",
    "submarine",
    "cart",
    "bike",
    "bicycle",
    "spaceship",
    "engine",
    "time machine",
    "glider",
    "raft",
    "train",
    "sled",
    "sleigh",
    "wagon",
    "clock",
    "telescope",
    "spacecraft",
    "helicopter",
    "go-kart",
    "kart",
    "racer",
    "contraption",
    "invention",
    "gadget",
    "windmill",
    "bridge",
}

# Settings: painter keywords, names and the dramatic weather of the climax.
SETTINGS: dict[str, dict[str, Any]] = {
    "village": dict(
        words={"village", "cottage", "town", "meadow", "hill", "hills", "countryside", "garden"},
        towns=["Willowmere", "Puddlecombe", "Thistledown", "Bramblebrook", "Little Hollow", "Fernwick"],
        land="village",
        streets=["the cobbled high street", "the village square"],
        landmarks=["the old stone bridge", "the crooked clock tower", "the duck pond"],
        wilds=["the Whispering Woods", "the misty hills", "the Bluebell Forest"],
        weather=[
            ("storm", "a howling thunderstorm", "pouring rain and lightning", "KRAKOOM!"),
            ("snowstorm", "a sudden snowstorm", "swirling snow", "WHOOOSH!"),
            ("gale", "a wild autumn gale", "whirling wind and flying leaves", "WHOOOSH!"),
        ],
        fauna=["badger", "hedgehog", "rabbit", "mouse", "owl", "goat", "duck", "squirrel", "cat", "dog"],
        place_kw="village",
    ),
    "forest": dict(
        words={"forest", "woods", "wood", "woodland", "tree", "trees", "treehouse", "jungle", "rainforest", "swamp"},
        towns=["Hollowpine", "Fernbrook", "Mossy Hollow", "Acorn Dell", "Oakenshaw"],
        land="forest",
        streets=["a sunny forest clearing", "the mossy path through the trees"],
        landmarks=["the great old oak", "the babbling brook", "the mushroom ring"],
        wilds=["the Deep Dark Woods", "the Misty Mountains", "the Tangled Thicket"],
        weather=[
            ("storm", "a crashing thunderstorm", "pouring rain and lightning", "KRAKOOM!"),
            ("snowstorm", "the first snowstorm of winter", "swirling snow", "WHOOOSH!"),
        ],
        fauna=["owl", "badger", "squirrel", "hedgehog", "rabbit", "bear", "fox", "raccoon", "frog", "mouse"],
        place_kw="forest",
    ),
    "desert": dict(
        words={"desert", "dune", "dunes", "sand", "sandy", "cactus", "cacti", "oasis", "sahara", "canyon", "mesa"},
        towns=["Dusty Gulch", "Mirage Springs", "Cactus Flats", "Sandy Bottom", "Tumbleweed"],
        land="desert",
        streets=["the dusty main street of town", "the wide main road of town"],
        landmarks=["Cactus Rock", "the old water tower", "the Twin Mesas"],
        wilds=["the Red Dunes", "the Endless Dunes", "Rattlesnake Canyon"],
        weather=[
            ("sandstorm", "a roaring sandstorm", "whirling sand and wind", "WHOOOOSH!"),
            ("thunderstorm", "a sudden desert thunderstorm", "pouring rain and lightning", "KRAKOOM!"),
        ],
        fauna=["dinosaur", "horse", "fox", "owl", "rabbit", "goat"],
        place_kw="desert",
    ),
    "sea": dict(
        words={
            "sea",
            "ocean",
            "beach",
            "pirate",
            "pirates",
            "ship",
            "island",
            "boat",
            "harbor",
            "harbour",
            "coast",
            "waves",
            "mermaid",
            "underwater",
            "reef",
            "seaside",
            "lighthouse",
            "shore",
            "bay",
            "port",
            "sail",
        },
        towns=["Port Barnacle", "Saltwhistle Bay", "Gull's Rest", "Shellhaven", "Anchor Cove"],
        land="harbour town",
        streets=["the harbour docks", "the sandy beach"],
        landmarks=["the red-and-white lighthouse", "the old pier", "the rocky point"],
        wilds=["the open sea", "the wild Kraken Sea", "Mist Island"],
        weather=[
            ("storm", "a wild sea storm", "crashing waves and pouring rain", "KRAKOOM!"),
            ("gale", "a howling gale", "huge waves and wind", "WHOOOSH!"),
        ],
        fauna=["bird", "otter", "penguin", "duck", "cat", "dog", "pirate"],
        place_kw="seaside",
    ),
    "space": dict(
        words={
            "space",
            "moon",
            "star",
            "stars",
            "planet",
            "planets",
            "rocket",
            "galaxy",
            "mars",
            "astronaut",
            "alien",
            "aliens",
            "comet",
            "orbit",
            "spaceship",
            "asteroid",
            "universe",
            "cosmos",
            "saturn",
        },
        towns=["Moonbase Nine", "Starport Juno", "Crater Town", "Cometville"],
        land="moon base",
        streets=["the crater fields", "the landing pad under the stars"],
        landmarks=["the big radio dish", "the glass dome", "the tallest crater"],
        wilds=["the asteroid belt", "the outer space beyond the moon", "the Comet Fields of outer space"],
        weather=[
            ("meteor shower", "a blazing meteor shower", "streaking meteors in the night sky", "KA-BLAM!"),
            ("solar storm", "a crackling solar storm", "flickering lights and sparks", "KRZZT!"),
        ],
        fauna=["robot", "astronaut", "cat", "rabbit", "dog"],
        place_kw="outer space",
    ),
    "city": dict(
        words={
            "city",
            "street",
            "streets",
            "skyscraper",
            "subway",
            "downtown",
            "neon",
            "metropolis",
            "rooftop",
            "junkyard",
            "scrapyard",
            "factory",
            "garage",
            "workshop",
            "rooftops",
            "alley",
            "traffic",
            "apartment",
            "london",
            "paris",
            "tokyo",
            "york",
        },
        towns=["Brassport", "Neon Heights", "Gearford", "Skylight City", "Cogsworth City"],
        land="city",
        streets=["the busy city street", "the rooftop garden"],
        landmarks=["the giant clock tower", "the old iron bridge", "the city park fountain"],
        wilds=["the Old Junkyard", "the rooftops", "the deep subway tunnels"],
        weather=[
            (
                "blackout storm",
                "a thunderstorm that knocks out every light in the city",
                "pouring rain on the dark city",
                "KRZZT!",
            ),
            ("storm", "a pouring rainstorm", "pouring rain and neon puddles", "KRAKOOM!"),
        ],
        fauna=["bird", "cat", "dog", "raccoon", "woman", "man", "robot", "kid"],
        place_kw="city",
    ),
    "mountain": dict(
        words={"mountain", "mountains", "peak", "cliff", "cliffs", "volcano", "cave", "caves", "valley", "summit"},
        towns=["Stonepeak", "Eagle's Perch", "Cloudrest", "Pinecrag"],
        land="mountain village",
        streets=["the winding mountain path", "the village on the mountainside"],
        landmarks=["the old rope bridge", "Eagle Rock", "the tumbling waterfall"],
        wilds=["the Misty Peaks", "the Echo Caves", "the Frozen Summit"],
        weather=[
            ("blizzard", "a howling blizzard", "swirling snow and wind", "WHOOOOSH!"),
            ("storm", "a rumbling mountain storm", "pouring rain and lightning", "KRAKOOM!"),
        ],
        fauna=["goat", "bird", "bear", "owl", "wolf", "rabbit"],
        place_kw="mountains",
    ),
    "snow": dict(
        words={
            "snow",
            "snowy",
            "ice",
            "icy",
            "arctic",
            "antarctic",
            "winter",
            "frozen",
            "polar",
            "glacier",
            "igloo",
            "north",
            "christmas",
            "sled",
            "sleigh",
            "iceberg",
        },
        towns=["Frostwick", "Snowdrop Hollow", "Icicle Bay", "Glimmerfrost"],
        land="snowy village",
        streets=["the snowy square", "the frozen lake"],
        landmarks=["the great ice arch", "the igloo market", "the frozen waterfall"],
        wilds=["the Frozen North", "the Glittering Glacier", "the Polar Plains"],
        weather=[("blizzard", "a howling blizzard", "swirling snow and wind", "WHOOOOSH!")],
        fauna=["penguin", "bear", "otter", "fox", "owl", "goat", "rabbit"],
        place_kw="snowy",
    ),
    "castle": dict(
        words={
            "castle",
            "kingdom",
            "king",
            "queen",
            "princess",
            "prince",
            "knight",
            "knights",
            "palace",
            "royal",
            "throne",
            "tower",
            "dungeon",
            "realm",
            "empire",
        },
        towns=["Larkspur", "Thornwick", "Goldhaven", "Briarwood"],
        land="kingdom",
        streets=["the castle courtyard", "the royal market square"],
        landmarks=["the tallest castle tower", "the drawbridge", "the royal gardens"],
        wilds=["the Enchanted Forest", "the Dragon Hills", "the Dark Mountains"],
        weather=[
            ("storm", "a crashing thunderstorm", "pouring rain and lightning", "KRAKOOM!"),
            ("snowstorm", "a magical snowstorm", "swirling snow", "WHOOOSH!"),
        ],
        fauna=["knight", "princess", "wizard", "frog", "horse", "owl", "king", "queen"],
        place_kw="castle",
    ),
    "school": dict(
        words={
            "school",
            "class",
            "classroom",
            "teacher",
            "homework",
            "playground",
            "recess",
            "exam",
            "test",
            "library",
            "museum",
            "lab",
            "laboratory",
        },
        towns=["Maplewood", "Sunnyside", "Oakridge"],
        land="town",
        streets=["the school playground", "the school hallway"],
        landmarks=["the school gym", "the old library", "the science lab"],
        wilds=["the woods behind the school", "the old attic"],
        weather=[("storm", "a thunderstorm", "pouring rain and lightning", "KRAKOOM!")],
        fauna=["girl", "boy", "teacher", "kid", "dog", "mouse"],
        place_kw="school",
    ),
    "farm": dict(
        words={"farm", "barn", "field", "fields", "tractor", "orchard", "pumpkin", "pumpkins", "hay"},
        towns=["Sunnybrook Farm", "Buttercup Farm", "Clover Hill Farm"],
        land="farm",
        streets=["the farmyard", "the big red barn"],
        landmarks=["the old windmill", "the big red barn", "the apple orchard"],
        wilds=["the far fields", "the Whispering Woods"],
        weather=[("storm", "a crashing thunderstorm", "pouring rain and lightning", "KRAKOOM!")],
        fauna=["cow", "pig", "bird", "goat", "sheep", "horse", "duck", "dog"],
        place_kw="farm",
    ),
}
_SPECIES_HOME = {
    "robot": "city",
    "penguin": "snow",
    "snowman": "snow",
    "fish": "sea",
    "whale": "sea",
    "octopus": "sea",
    "crab": "sea",
    "shark": "sea",
    "mermaid": "sea",
    "pirate": "sea",
    "astronaut": "space",
    "alien": "space",
    "knight": "castle",
    "princess": "castle",
    "prince": "castle",
    "king": "castle",
    "queen": "castle",
    "wizard": "castle",
    "owl": "forest",
    "squirrel": "forest",
    "bear": "forest",
    "fox": "forest",
    "wolf": "forest",
    "monkey": "forest",
    "tiger": "forest",
    "goat": "mountain",
    "cow": "farm",
    "pig": "farm",
    "sheep": "farm",
    "horse": "farm",
    "teacher": "school",
    "farmer": "farm",
    "detective": "city",
}

NAMES = {
    "creature": [
        "Pip",
        "Juniper",
        "Hazel",
        "Basil",
        "Nutmeg",
        "Fennel",
        "Wren",
        "Tansy",
        "Mabel",
        "Otto",
        "Milo",
        "Tilly",
        "Barnaby",
        "Pippa",
        "Sorrel",
        "Ember",
        "Quince",
        "Bramwell",
        "Dottie",
        "Rufus",
        "Marlo",
        "Peony",
        "Wilbur",
        "Lulu",
        "Fidget",
        "Noodle",
        "Dandelion",
        "Tumble",
        "Figaro",
        "Mochi",
    ],
    "robot": [
        "Rivet",
        "Sprocket",
        "Gizmo",
        "Widget",
        "Dynamo",
        "Zippy",
        "Tinker",
        "Piston",
        "Volta",
        "Ratchet",
        "Gadget",
        "Flicker",
        "Cogsworth",
        "Zephyr",
        "Bleep",
        "Axel",
    ],
    "human": [
        "Mina",
        "Theo",
        "Rosa",
        "Arlo",
        "Ada",
        "Leo",
        "Ivy",
        "Omar",
        "Suki",
        "Nell",
        "Felix",
        "Priya",
        "Kofi",
        "Lena",
        "Mateo",
        "Zara",
        "Hugo",
        "Amara",
        "Jonah",
        "Yuki",
    ],
    "elder": [
        "Tobias",
        "Agatha",
        "Mortimer",
        "Beatrix",
        "Horace",
        "Winifred",
        "Cornelius",
        "Marigold",
        "Bartholomew",
        "Edna",
        "Percival",
        "Dorothea",
        "Ignatius",
        "Philippa",
    ],
    "rival": [
        "Grizzle",
        "Thorne",
        "Vexley",
        "Grimsby",
        "Bristle",
        "Gribble",
        "Mordecai",
        "Prunella",
        "Sneed",
        "Scowlby",
        "Ferdinand",
        "Snoot",
    ],
}

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------


def _article(phrase: str) -> str:
    word = phrase.strip().lower()
    if not word:
        return "a"
    if word.startswith(("uni", "use", "one", "eu")):
        return "a"
    if word.startswith(("honest", "hour", "honou")):
        return "an"
    return "an" if word[0] in "aeiou" else "a"


def _a(phrase: str) -> str:
    return f"{_article(phrase)} {phrase}"


def _cap(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "up",
    "as",
    "into",
    "but",
    "nor",
}


def _title_case(text: str) -> str:
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        elif w[:1].islower():
            out.append("-".join(_cap(p) for p in w.split("-")))
        else:
            out.append(w)
    return " ".join(out)


def _plural_to_singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ves") and len(word) > 4:
        return word[:-3] + "f"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _species_of(word: str) -> tuple[str, bool] | None:
    """(species key, plural?) for a lowercase word, or None."""
    w = word.lower().strip("'’")
    if w in SPECIES:
        return w, False
    if w in _ALIASES:
        base = _ALIASES[w]
        return base, w in {"mice", "geese", "children", "people", "girls", "boys", "puppies", "dragons"}
    if w in _FOREIGN:
        return _FOREIGN[w], False
    if w in _ADULTS:
        return "*adult", False
    single = _plural_to_singular(w)
    if single != w and single:
        if single in SPECIES:
            return single, True
        if single in _ALIASES:
            return _ALIASES[single], True
        if single in _FOREIGN:
            return _FOREIGN[single], True
        if single in _ADULTS:
            return "*adult", True
        for tail in ("s", "es"):
            if w.endswith(tail) and w[: -len(tail)] in _FOREIGN:
                return _FOREIGN[w[: -len(tail)]], True
    return None


_VERB_SPECIAL = {
    "is": "be",
    "are": "be",
    "was": "be",
    "were": "be",
    "has": "have",
    "does": "do",
    "goes": "go",
    "can't": "can't",
}
# Words ending in "s" that are never a verb's -s form ("across", "bus", "glass", "famous").
_NOT_S_FORMS = ("ss", "us", "is", "ys", "'s", "’s")


def _base_verb(word: str, plural_subject: bool = False) -> str:
    """'opens' -> 'open', 'flies' -> 'fly', 'goes' -> 'go' (3rd person singular to base).

    Words that only look like an -s form ("across", "bus", "glass") come back unchanged.
    """
    w = word.lower()
    if w in _VERB_SPECIAL:
        return _VERB_SPECIAL[w]
    if w in _KNOWN_VERBS or not w.endswith("s") or w.endswith(_NOT_S_FORMS) or len(w) < 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"  # flies, tries, carries
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]  # misses, wishes, watches, fixes, buzzes
    if w.endswith("oes") and w[:-2] in _KNOWN_VERBS | {"echo", "veto", "undo", "redo"}:
        return w[:-2]  # goes, does, echoes (but "tiptoes" -> "tiptoe")
    return w[:-1]  # saves, races, loses, opens, freezes


def _verb_form(word: str, plural_subject: bool = False) -> str:
    """The base form when ``word`` reads as the finite verb right after a subject, else ''.

    "saves" -> "save", "race" (after a plural subject) -> "race", "opened" -> "open";
    "across", "bus", "festival" -> ''.
    """
    w = word.lower().strip("'’")
    if not w or not w.isalpha() or not w.isascii():
        return ""
    if w in _VERB_SPECIAL:
        return _VERB_SPECIAL[w]
    if w in _PAST_TO_BASE:
        return _PAST_TO_BASE[w]
    base = _base_verb(w, plural_subject)
    if base in _KNOWN_VERBS:
        return base
    if not plural_subject and base != w and len(base) > 1 and _species_of(w) is None:
        return base  # an unknown verb in its -s form: "falls", "sneezes"
    if w.endswith("ed") and len(w) > 4:
        for stem in (w[:-2], w[:-1], w[:-3] if w[-3] == w[-4] else "", w[:-3] + "y" if w[-3] == "i" else ""):
            if stem in _KNOWN_VERBS:
                return stem
    return ""


def _degerund(word: str) -> str:
    """'opening' -> 'open', 'making' -> 'make', 'running' -> 'run'."""
    w = word.lower()
    if not w.endswith("ing") or len(w) <= 4:
        return w
    stem = w[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
        if candidate and candidate in _KNOWN_VERBS:
            return candidate
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def _third(verb: str) -> str:
    if verb == "be":
        return "is"
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _gerund(verb: str) -> str:
    if verb == "be":
        return "being"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if verb in _DOUBLE_FINAL:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    if verb in _DOUBLE_FINAL:
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _inflect_phrase(phrase: str, how) -> str:
    """Apply a verb transform to the first word (and to verbs after ' and ')."""
    parts = phrase.split(" and ")
    out = []
    for i, part in enumerate(parts):
        words = part.split(" ", 1)
        head = words[0]
        if i == 0 or head in _KNOWN_VERBS:
            head = how(head)
        out.append(" ".join([head, *words[1:]]))
    return " and ".join(out)


# ---------------------------------------------------------------------------
# Reading the idea
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_LEADING_ASK = re.compile(
    r"^\s*(?:please\s+)?(?:(?:write|make|create|draw|tell|give|generate|do|imagine|show)\s+(?:me\s+|us\s+)?)?"
    r"(?:(?:a|an|the|one)\s+)?(?:(?:short|little|funny|cute|silly|sweet|bedtime|fun|simple)\s+)*"
    r"(?:(?:comic|story|picture\s+book|book|tale|strip|adventure|fable)\s*(?:strip\s*)?)"
    r"(?:\s+(?:about|of|where|in\s+which|featuring|with)\b)?\s*[:\-—]?\s*",
    re.IGNORECASE,
)


@dataclass
class Idea:
    """What the storyteller understood from the idea."""

    text: str
    species: str = ""
    plural: bool = False
    adjectives: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    size: str = ""
    trait: str = ""
    hero_name: str = ""
    pronoun: str = ""
    role: str = ""  # a job the creature has: "ninja" in "a kitten ninja"
    label: str = ""  # what the story calls the hero: "kitten ninja", "space pirate", "toaster"
    partner_label: str = ""  # the same for a partner joined by "and": "crow"
    event: str = ""  # the idea's own verb phrase when the goal is different: "lose his hat"
    goal: str = ""  # base-form verb phrase: "open a tiny tea shop"
    verb: str = ""
    obj: str = ""  # the goal's object without article: "tiny tea shop"
    plot: str = "quest"
    setting: str = "village"
    partner_species: str = ""  # a second creature joined by "and"
    other_species: str = ""  # a creature named in the goal ("fights a dragon")
    other_role: str = ""  # "rival" or "guest"
    understood: bool = True  # False when no English hero or goal was found
    look_noun: str = ""  # the hero's noun in its look when not just the species: "toaster robot"


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if (ch.isprintable() or ch in "\n\t") else " " for ch in text)
    text = " ".join(text.split())
    return text[:MAX_IDEA_CHARS]


def _sentence_cut(text: str) -> str:
    m = re.search(r"[.!?;:\n]|,\s*(?:but|and then|so|because|until|when|while)\b|\s—\s|\s-\s", text)
    return text[: m.start()] if m else text


_RELATIVE = {"who", "that", "which", "whose"}
# A request that opens the idea ("draw a dragon who...") rather than a goal ("find the dragon").
_REQUEST_VERBS = {"draw", "imagine", "show", "write", "tell", "generate", "picture", "paint", "give", "invent"}
_SINGULAR_WORDS = {
    "mice": "mouse",
    "geese": "goose",
    "wolves": "wolf",
    "elves": "elf",
    "dwarves": "dwarf",
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
    "fish": "fish",
    "sheep": "sheep",
    "deer": "deer",
    "ladies": "lady",
    "thieves": "thief",
    "knives": "knife",
    "loaves": "loaf",
}


def _singular_word(word: str, plural: bool = True) -> str:
    """The word a label uses for one of them: "pirates" -> "pirate", "mice" -> "mouse"."""
    w = word.lower()
    if not plural:
        return w
    if w in _SINGULAR_WORDS:
        return _SINGULAR_WORDS[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ves") and len(w) > 4:
        return w[:-3] + "f"
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _thing_of(word: str) -> tuple[str, bool] | None:
    """(body species, plural?) for a thing that can be a hero: "toaster" -> robot, "moons" -> ghost."""
    w = word.lower()
    if w in _THING_BODIES:
        return _THING_BODIES[w], False
    single = _singular_word(w)
    if single != w and single in _THING_BODIES:
        return _THING_BODIES[single], True
    return None


# Verbs that are nouns as often: they open a goal only when an object follows ("race across...").
_NOUNY_VERBS = (
    "love dream race plan help fish cook work show light wish hope need camp float glow map guard spy track head walk "
    "run ride dance jump smile laugh count paint drive trade turn garden roll answer set stop change play swap hug "
    "kiss call rescue"
)
_NOUN_TOO = set(_NOUNY_VERBS.split())
_OBJECT_WORDS = (
    "a an the my our your his her their some every all this that these those "
    "to for with across into through over around up down out off away back home"
)
_OBJECT_STARTS = set(_OBJECT_WORDS.split())


def _strong_pronoun(text: str) -> str:
    """ "she" or "he" when ``text`` names a body that has one (girl, king...), else ''."""
    for w in _TOKEN.findall(text.lower()):
        key = w if w in _STRONG_PRONOUN else _ALIASES.get(w, "")
        if key in _STRONG_PRONOUN:
            return SPECIES[key]["pronoun"]
    return ""


def _leading_verb(words: list[str]) -> str:
    """The base verb when an idea opens with one ("find the crown", "saving the festival"), else ''."""
    if not words:
        return ""
    w = words[0]
    if w in _STOP or w in _COUNT_WORDS or _species_of(w) or _thing_of(w) or not w.isascii():
        return ""
    if w in _REQUEST_VERBS:
        return w
    if w.endswith("ing") and _degerund(w) in _KNOWN_VERBS:
        return _degerund(w)
    base = _base_verb(w)
    if base not in _KNOWN_VERBS:
        return ""
    # "love story about two robots", "dance party": a noun, unless a verb's object follows.
    if base in _NOUN_TOO and len(words) > 1 and words[1] not in _OBJECT_STARTS:
        return ""
    return base


def _adjacent(body: str, tokens: list[tuple[str, int, int]], a: int, b: int) -> bool:
    """Nothing but spaces between tokens ``a`` and ``b`` (no comma, no dash)."""
    return not body[tokens[a][2] : tokens[b][1]].strip()


def _is_job(key: str) -> bool:
    return key == "*adult" or (key in SPECIES and SPECIES[key]["group"] == "human" and key not in _HUMAN_BODIES)


def _read_hero(idea: Idea, body: str, tokens: list[tuple[str, int, int]], words: list[str], at: int) -> int:
    """Fill in the hero from the noun phrase around ``words[at]``; returns the index of its last word.

    All of the phrase's nouns make one hero: "a kitten ninja" is a cat who is a ninja, "space
    pirates" are pirates from space, "a pirate girl" is a girl who is a pirate, "a brave toaster"
    is a toaster (drawn as a robot).
    """
    word = words[at]
    found = _species_of(word)
    english = word.isascii() and word not in _FOREIGN
    end = at
    if found is None:
        thing = _thing_of(word) or ("robot", False)
        idea.species, idea.plural = thing
        nouns = [word]
        idea.look_noun = f"{_singular_word(word, thing[1])} {'robot' if thing[0] == 'robot' else 'spirit'}"
    else:
        parts = [(word, found)]
        k = at + 1
        while k < len(words) and k <= at + 2 and _adjacent(body, tokens, k - 1, k):
            more = _species_of(words[k])
            verb = _verb_form(words[k], found[1])
            # A singular subject's verb has its -s ("a bear cooks"); "a cat spy" is one noun.
            if more is None or (verb and (found[1] or verb != words[k])):
                break
            if not (words[k].isascii() and words[k] not in _FOREIGN):
                break
            parts.append((words[k], more))
            end = k
            k += 1
        idea.plural = parts[-1][1][1]
        keys = [f[0] for _, f in parts]
        jobs = [key for key in keys if _is_job(key)]
        bodies = [key for key in keys if not _is_job(key)]
        job = next((j for j in jobs if j != "*adult"), "")
        if bodies:
            body_key = bodies[-1]
            if job and SPECIES[body_key]["group"] == "human":
                idea.species = job  # "a pirate girl": a pirate, drawn as a girl
                idea.look_noun = f"{job} {body_key}"
            else:
                idea.species, idea.role = body_key, job
        else:
            idea.species = job or jobs[0]
        nouns = [w for w, _ in parts]
    # Nouns in front ("space pirates", "bus driver"), then adjectives back to the determiner.
    i = at - 1
    modifiers: list[str] = []
    while english and i >= 0 and at - i <= 2 and words[i] in _NOUN_MODIFIERS and _adjacent(body, tokens, i, i + 1):
        modifiers.insert(0, words[i])
        i -= 1
    adjectives: list[str] = []
    while i >= 0 and at - i <= 4 and words[i] not in _STOP and words[i] not in _COUNT_WORDS:
        adjectives.insert(0, words[i])
        i -= 1
    idea.adjectives = adjectives
    if english:
        nouns[-1] = _singular_word(nouns[-1], idea.plural)
        idea.label = " ".join(modifiers + nouns)[:40]
    return end


def read_idea(raw: Any) -> Idea:
    """Parse an idea into hero, goal, plot and setting. Never raises."""
    text = _clean(raw)
    idea = Idea(text=text)
    body = _LEADING_ASK.sub("", text, count=1) if len(text) > 12 else text
    body = body or text
    lower = body.lower()
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(body)]
    words = [t[0].lower() for t in tokens]

    # An idea that opens with a verb is a goal ("find the lost crown", "saving the festival"): a
    # creature in it is someone the hero meets. "Draw a dragon who..." is a request, not a goal.
    lead = _leading_verb(words)
    if lead in _REQUEST_VERBS:
        skip = 1 + (len(words) > 1 and words[1] in ("me", "us"))
        words, tokens = words[skip:], tokens[skip:]
        lead = ""

    # The hero: the first creature word (or, failing that, a thing at the front: "a brave toaster").
    hero_at = -1
    if not lead:
        hero_at = next((i for i, w in enumerate(words) if _species_of(w)), -1)
        if hero_at < 0:
            hero_at = next(
                (
                    i
                    for i, w in enumerate(words[:6])
                    if w in _THING_BODIES and not any(_leading_verb([v]) for v in words[:i])
                ),
                -1,
            )
    if hero_at < 0:
        for key, sp in _FOREIGN.items():
            if not key.isascii() and key in body:
                idea.species = sp
                break
    np_end = hero_at
    if hero_at >= 0:
        np_end = _read_hero(idea, body, tokens, words, hero_at)
        before = words[max(0, hero_at - 4) : hero_at]
        if any(w in _COUNT_WORDS for w in before):
            idea.plural = True
        for w in idea.adjectives:
            if w in _PLAIN_COLOURS:
                idea.colours.append(w)
            elif w in _SIZE and not idea.size:
                idea.size = _SIZE[w]
        for w in idea.adjectives:
            key = _TRAIT_ALIASES.get(w, w)
            if key in TRAITS:
                idea.trait = key if w not in _SIZE or not idea.trait else idea.trait
                if w not in _SIZE:
                    break
        if not idea.trait:
            extra = [
                w
                for w in idea.adjectives
                if w not in _PLAIN_COLOURS
                and w not in _SIZE
                and w.isascii()
                and w.isalpha()
                and len(w) > 3
                and w.endswith(_ADJ_ENDINGS)
            ]
            if extra:
                idea.trait = extra[0]
            elif idea.size in ("tiny", "little", "small"):
                idea.trait = idea.size
        # A partner joined by "and": "a fox and a crow build a boat".
        j = np_end + 1
        if j < len(words) and words[j] == "and":
            for k in range(j + 1, min(j + 5, len(words))):
                found = _species_of(words[k])
                if found and found[0] != "*adult":
                    idea.partner_species = found[0]
                    if words[k].isascii() and words[k] not in _FOREIGN:
                        idea.partner_label = _singular_word(words[k], found[1])
                    idea.plural = True
                    np_end = k
                    break
    if idea.species == "*adult":
        if re.search(r"\b(she|her|hers|herself)\b", lower):
            idea.species = "woman"
        elif re.search(r"\b(he|him|his|himself)\b", lower):
            idea.species = "man"
        else:
            idea.species = ("woman", "man")[_stable_int("adult", text) % 2]

    # A given name: "named Pip", "Pip the dragon", "a dragon called Pip".
    m = re.search(r"\b(?:named|called)\s+([A-Z][\w'’\-]{1,20})", body)
    if m:
        idea.hero_name = m.group(1)
    elif idea.species:
        m = (
            re.search(
                r"\b([A-Z][a-z'’\-]{1,20})\s*,?\s+the\s+(?:[a-z\-]+\s+){0,3}("
                + "|".join(re.escape(t[0]) for t in tokens[hero_at : hero_at + 1])
                + r")\b",
                body,
            )
            if hero_at >= 0
            else None
        )
        if m and m.group(1).lower() not in _STOP:
            idea.hero_name = m.group(1)

    # The goal: the verb right after the hero, or the clause after who/that/which.
    goal_text = ""
    if hero_at >= 0:
        rest = body[tokens[np_end][2] :]
        rest = re.sub(r"^\s*,?\s*(?:named|called)\s+\S+", "", rest)
        rest = re.sub(r"^\s*,\s*[A-Z][\w'’\-]*\s*,", "", rest)  # "a cat, Pip, wants..."
        found_tokens = list(_TOKEN.finditer(rest))
        first = found_tokens[0].group(0).lower() if found_tokens else ""
        rel = re.search(r"\b(?:who|that|which|whose)\b\s+(.*)", rest, re.IGNORECASE | re.DOTALL)
        if first in _RELATIVE:
            goal_text = rest[found_tokens[0].end() :]
        elif first in _PREPOSITIONS:
            # Skip a prepositional phrase ("a cat in a hat wants to ...", "a dragon with wings who ...").
            for t in found_tokens[1:10]:
                w = t.group(0).lower()
                if w in _RELATIVE:
                    goal_text = rest[t.end() :]
                    break
                if w not in _STOP and _verb_form(w, idea.plural) in _KNOWN_VERBS | set(_VERB_SPECIAL.values()):
                    goal_text = rest[t.start() :]
                    break
        elif first and not _verb_form(first, idea.plural) and rel:
            goal_text = rel.group(1)
        elif found_tokens:
            goal_text = rest[found_tokens[0].start() :]
    elif lead:
        # No hero: an imperative or a plain goal ("find the lost crown", "saving the festival").
        goal_text = body[tokens[0][1] :]
    elif len(tokens) > 1 and tokens[0][0][:1].isupper() and words[0] not in _STOP and _verb_form(words[1]):
        # "Bob builds a boat": a name and a verb.
        idea.hero_name = tokens[0][0][:20]
        goal_text = body[tokens[1][1] :]
    goal_text = _sentence_cut(goal_text).strip(" ,")
    _read_goal(idea, goal_text)

    # Setting: the first setting word in the idea, then the creature's home.
    best = ""
    for w in _TOKEN.findall(lower):
        w = w.strip("'’")
        hit = next((key for key, setting in SETTINGS.items() if w in setting["words"]), "")
        if not hit and w.endswith("s"):
            hit = next((key for key, setting in SETTINGS.items() if w[:-1] in setting["words"]), "")
        if hit:
            best = hit
            break
    if not best and idea.species in _SPECIES_HOME and idea.plot != "shop":
        best = _SPECIES_HOME[idea.species]
    if not best and idea.species in ("robot",):
        best = "city"
    idea.setting = best or (
        "forest" if idea.species in ("owl", "squirrel", "fox", "bear", "badger", "hedgehog") else "village"
    )

    # A second creature named in the goal becomes a rival or a guest.
    if idea.goal and idea.verb not in ("become", "be", "learn"):
        for w in _TOKEN.findall(idea.goal.lower()):
            found = _species_of(w)
            if found and found[0] != idea.species:
                idea.other_species = found[0]
                idea.other_role = (
                    "rival"
                    if idea.verb
                    in {
                        "fight",
                        "defeat",
                        "battle",
                        "beat",
                        "chase",
                        "escape",
                        "outsmart",
                        "race",
                        "stop",
                        "challenge",
                        "outrun",
                        "trick",
                        "catch",
                        "flee",
                    }
                    else "guest"
                )
                break

    # Pronoun: the body's own (a girl, a king), then the idea's first he/she, then the creature's.
    said = re.search(r"\b(she|her|hers|herself|he|him|his|himself)\b", lower)
    idea.pronoun = (
        _strong_pronoun(f"{idea.look_noun} {idea.species}")
        or (("she" if said.group(1).startswith(("s", "her")) else "he") if said else "")
        or SPECIES.get(idea.species, {}).get("pronoun")
        or ""
    )
    idea.understood = bool(idea.species) or bool(idea.goal)
    return idea


def _read_goal(idea: Idea, goal_text: str) -> None:
    words = goal_text.split()
    if not words:
        _classify(idea)
        return
    # Drop helper verbs: "wants to", "dreams of", "is trying to", "can't".
    lowered = [w.lower().strip(",") for w in words]
    i = 0
    negated = False
    while i < len(lowered):
        w = lowered[i]
        base = _base_verb(w, idea.plural)
        nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
        if w in (
            "really",
            "just",
            "always",
            "secretly",
            "finally",
            "suddenly",
            "desperately",
            "also",
            "never",
            "bravely",
            "then",
            "must",
            "will",
            "would",
            "could",
            "should",
            "might",
            "can",
            "to",
        ):
            i += 1
            continue
        if w in ("can't", "cannot", "can’t", "couldn't", "doesn't", "don't", "isn't"):
            negated = True
            i += 1
            continue
        if base in (
            "want",
            "wish",
            "hope",
            "need",
            "try",
            "decide",
            "plan",
            "long",
            "yearn",
            "aim",
            "set",
            "love",
            "like",
            "attempt",
            "have",
            "set",
            "go",
        ) and nxt in ("to", "out"):
            after = lowered[i + 2] if i + 2 < len(lowered) else ""
            if base == "go" and nxt == "to" and _base_verb(after) not in _KNOWN_VERBS:
                break  # "goes to school" is the goal itself
            i += 2 if nxt == "to" else 3 if (i + 2 < len(lowered) and lowered[i + 2] == "to") else 2
            continue
        if base == "be" and nxt in ("going", "trying", "about", "determined", "eager", "desperate", "hoping"):
            i += 3 if i + 2 < len(lowered) and lowered[i + 2] in ("to",) else 2
            continue
        if base == "be" and nxt.endswith("ing") and _degerund(nxt) in _KNOWN_VERBS:
            i += 1  # "is opening a shop" -> "opening a shop"
            continue
        if base in ("dream", "think", "dreams") and nxt in ("of", "about"):
            lowered[i + 2 : i + 3] = [_degerund(lowered[i + 2])] if i + 2 < len(lowered) else []
            words[i + 2 : i + 3] = lowered[i + 2 : i + 3]
            i += 2
            continue
        if base == "love" and nxt.endswith("ing"):
            lowered[i + 1] = _degerund(nxt)
            words[i + 1] = lowered[i + 1]
            i += 1
            continue
        break
    helped = i > 0
    words = words[i:]
    if not words:
        _classify(idea)
        return
    first = words[0].strip(",").lower()
    head = _base_verb(first, idea.plural)
    if first.endswith("ing") and _degerund(first) in _KNOWN_VERBS:
        head = _degerund(first)  # "saving the festival"
    elif head not in _KNOWN_VERBS and _verb_form(first, idea.plural):
        head = _verb_form(first, idea.plural)  # "opened" -> "open"
    rest = [w.strip() for w in words[1:]]
    if head == "look" and rest and rest[0].lower() == "for":
        head, rest = "find", rest[1:]  # "looking for a friend" -> find a friend
    # "is afraid of the dark" -> "face the dark"
    if head == "be":
        text = " ".join(rest)
        m = re.match(r"(?:very\s+|so\s+|too\s+)?(afraid|scared|frightened|terrified)\s+of\s+(.+)", text, re.I)
        if m:
            idea.trait = idea.trait or "scared"
            idea.goal = "face " + m.group(2)
            idea.verb = "face"
            idea.obj = _strip_article(m.group(2))
            idea.plot = "grow"
            return
        adj = rest[0].lower() if rest else ""
        key = _TRAIT_ALIASES.get(adj, adj)
        if key in TRAITS and not idea.trait:
            idea.trait = key
        _classify(idea)
        return
    if head in _STATE_VERBS and head not in ("work",):
        # "lives in a junkyard and wants to see the stars": the goal is the next clause.
        m = re.search(r"\b(?:and|but)\s+(.+)", " ".join(words[1:]))
        if m and m.group(1).strip() != goal_text.strip():
            _read_goal(idea, m.group(1))
            return
        _classify(idea)
        return
    if not _looks_like_goal(head, rest):
        _classify(idea)
        return
    if negated:
        # "can't fly" -> "fly" (they will learn to).
        idea.trait = idea.trait or "determined"
    rest_text = " ".join(rest)
    # Keep it short: at most 9 words after the verb.
    rest_words = rest_text.split()
    if len(rest_words) > 9:
        rest_words = rest_words[:9]
        while rest_words and rest_words[-1].lower() in _STOP | _PREPOSITIONS:
            rest_words.pop()
    rest_text = " ".join(_PROPER_NOUNS.get(w.lower(), w) for w in rest_words).strip(" ,.")
    # Something that happens to the hero makes the goal: "loses his hat" -> find his hat.
    flipped = ""
    if head == "fall" and re.match(r"(?:head over heels\s+)?in\s+love\s+with\s+\S", rest_text, re.I):
        flipped = "find"
        love = re.match(r"(?:head over heels\s+)?in\s+love\s+with\s+", rest_text, re.I)
        object_text = rest_text[love.end() :]
    elif head in _FLIP_VERBS and rest_text and not negated:
        flipped, object_text = _FLIP_VERBS[head], rest_text
    if flipped:
        if not helped:
            idea.event = f"{head} {rest_text}"
        head, rest_text = flipped, object_text
    idea.verb = head
    if not rest_text and head in _DEFAULT_THINGS:
        rest_text = _DEFAULT_THINGS[head]
    idea.goal = (head + (" " + rest_text if rest_text else "")).strip()
    obj = re.sub(r"^(?:up|down|out|off|away|over|back)\s+", "", rest_text, flags=re.I)
    if head in ("learn", "try") and obj.lower().startswith("to "):
        obj = obj[3:]
    obj = re.split(r"\b(?:for|with|to|in|on|at|across|through|from|before|so|because|by)\b", obj, maxsplit=1)[0]
    idea.obj = _strip_article(obj.strip(" ,"))
    if negated:
        idea.goal = "learn to " + idea.goal if head not in ("learn",) else idea.goal
        idea.verb = "learn"
    _classify(idea)


_ADJ_ENDINGS = ("y", "ful", "ous", "ish", "ive", "less", "able", "ible", "ic", "al", "ed", "ant", "ent", "some")
_ENGLISH_GLUE = {
    "the",
    "a",
    "an",
    "to",
    "of",
    "with",
    "his",
    "her",
    "their",
    "its",
    "across",
    "into",
    "for",
    "in",
    "on",
    "at",
    "through",
    "up",
    "out",
    "over",
    "around",
    "from",
    "and",
    "all",
    "every",
}
# "a bear who loves baking" -> build something worth a story.
_DEFAULT_THINGS = {
    "bake": "the grandest cake ever",
    "cook": "a magnificent feast",
    "paint": "a giant mural",
    "build": "a treehouse",
    "knit": "the longest scarf in the world",
    "write": "a book",
    "draw": "a giant picture",
    "invent": "an amazing machine",
    "make": "something amazing",
    "sew": "a patchwork quilt",
    "garden": "a secret garden",
    "plant": "a secret garden",
}


def _looks_like_goal(head: str, rest: list[str]) -> bool:
    """Is this an English verb phrase (not a foreign sentence or an emoji)?"""
    if not head or not head.isalpha():
        return False
    if head in _KNOWN_VERBS:
        return True
    if not head.isascii():
        return False
    return any(w.lower() in _ENGLISH_GLUE for w in rest)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an|the|some|his|her|their|its|my|own|very)\s+", "", text.strip(), flags=re.I).strip()


def _classify(idea: Idea) -> None:
    goal = idea.goal.lower()
    words = set(_TOKEN.findall(goal))
    head_noun = idea.obj.lower().split()[-1] if idea.obj else ""
    if idea.verb in _PLOT_VERBS["shop"] and (head_noun in _SHOP_HEADS or words & _SHOP_HEADS):
        idea.plot = "shop"
    elif words & _RACE_WORDS or idea.verb in ("race", "outrun") or "race" in _TOKEN.findall(idea.text.lower()):
        idea.plot = "race" if (idea.goal or "race" in idea.text.lower()) else idea.plot
    elif words & _SHOP_HEADS and idea.verb in ("build", "make", "create", "start", "have", "set"):
        idea.plot = "shop"
    elif idea.verb in _PLOT_VERBS["build"] and idea.obj:
        idea.plot = "build"
    elif idea.verb in _PLOT_VERBS["quest"]:
        idea.plot = "quest"
    elif idea.goal:
        idea.plot = "grow"
    else:
        idea.plot = "quest"


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------
#
# A plot is twelve stages. Each stage has one-line beats, picture-book
# narration (first sentence first) and panel "moments". Text can be:
#   "plain {slots}"
#   (cond, "text if cond", "text otherwise")  - cond is a role ("rival"),
#                                               "pair", "solo" or "!role"
#   [alternative, alternative, ...]           - picked by the page's rng
# A moment lists who is in it; dialogue comes only from those roles. When a
# role is missing from the cast, the moment's ``alt`` is used, or it is left
# out. ``skip_if``/``only_if`` name stages elsewhere in the story.

STAGES = (
    "home",
    "spark",
    "start",
    "first_win",
    "trouble",
    "worse",
    "low",
    "help",
    "plan",
    "climax",
    "triumph",
    "ending",
)


def M(who, scene, lines=(), sfx="", cap="", p=2, alt=None, skip_if=(), only_if=(), needs=()):
    return {
        "who": tuple(who),
        "scene": scene,
        "lines": lines,
        "sfx": sfx,
        "cap": cap,
        "p": p,
        "alt": alt,
        "skip_if": tuple(skip_if),
        "only_if": tuple(only_if),
        "needs": tuple(needs),
    }


SHOP = {
    "combos": {
        ("home", "trouble"): [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who dreamed of {goal_ing}.",
            "{He} scrubbed an empty little shop until it sparkled and hung bunting over the door.",
            (
                "rival",
                "But {Rival} the {rival_sp} told everyone a {hero_sp}'s shop meant trouble, and nobody came in.",
                "But nobody in {town} had ever been to a shop run by a {hero_sp}, and nobody came in.",
            ),
        ],
        ("climax", "ending"): [
            "Then one night, {weather_desc} swept over {town}, and every light went out.",
            "{Hero} flung open the doors of {place}, and everyone came in from the cold.",
            "From that day on, {place} was never empty.",
        ],
        ("home", "trouble", "climax", "ending"): [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who dreamed of {goal_ing}, but nobody dared "
            "to come in.",
            "Then one night {weather_desc} put out every light in {town}, and {Hero} flung open {his} doors to "
            "everyone.",
            "From that day on, {place} was never empty.",
        ],
    },
    "cover": "On {street} in {town}, {Hero} the {hero_sp} smiles outside the door of {place}, "
    "{Friend} the {friend_sp} waving beside {him}, warm morning sunshine",
    "shorts": {
        "setup": "{Hero}, {a_trait} {hero_sp} in {town}, dreams of {goal_ing}",
        "problem": (
            "rival",
            "{Rival} the {rival_sp} scares every customer away",
            "nobody dares to visit a shop run by a {hero_sp}",
        ),
        "turn": "{weather_desc} plunges {town} into darkness and {Hero} throws open the doors of {place} to everyone",
        "end": "{place} becomes the warmest, busiest spot in {town}",
    },
    "home": {
        "beat": [
            "In {town}, {a_trait} {hero_sp} named {Hero} dreams of {goal_ing}, and {his} best friend {Friend} "
            "says it's the best idea ever.",
            "{Hero}, {a_trait} {hero_sp} from {town}, finds an empty little shop on {street} and dares to dream "
            "of {goal_ing}.",
        ],
        "nar": [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who dreamed of {goal_ing}.",
            'Every morning {he} passed an empty little shop with a crooked door and whispered, "Someday."',
            (
                "friend",
                "{His} best friend, {Friend} the {friend_sp}, said it was the best idea in the whole {land}.",
                "One sunny morning, {he} finally pushed the crooked door open.",
            ),
        ],
        "m": [
            M(
                ["hero"],
                "Outside on {street}, {Hero} the {hero_sp} presses {his} nose to the dusty window of an "
                "empty little shop, morning sunshine",
                [
                    [("hero", "Someday this will be {shop_a}. My very own.")],
                    [("hero", "A counter there... {display} there... It's perfect.")],
                ],
                cap="In {town} there lived {a_trait} {hero_sp} named {Hero}.",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "On {street}, {Friend} the {friend_sp} finds {Hero} outside the empty shop",
                [
                    ("friend", "You've been staring at that shop all week, {Hero}."),
                    ("hero", "I keep dreaming about it. A shop of my own. Is that silly?"),
                ],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "Inside the dusty empty shop, {Hero} and {Friend} sweep cobwebs and scrub the old "
                "counter, sunlight streaming in",
                [("friend", "{Hero}, this place is going to be wonderful! Pass me that broom."), ("hero", "{worry}")],
                sfx="SWISH! SWISH!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "In the little shop kitchen, {Hero} {makes} a {batch} while {Friend} takes a {taste}",
                [
                    ("friend", "Mmm! That's the best {product} in all of {town}!"),
                    ("hero", "Really? You're not just being nice?"),
                ],
                p=3,
                skip_if=("start",),
            ),
            M(
                ["hero", "friend"],
                "Outside on {street} at sunset, {Hero} and {Friend} hang bright bunting over the door of {place}",
                [("friend", "Tomorrow's the big day!"), ("hero", "Tomorrow... I hope somebody comes.")],
                sfx="TAP TAP!",
                p=1,
                skip_if=("start", "spark"),
            ),
        ],
    },
    "spark": {
        "beat": ["{Hero} and {Friend} scrub, paint and mend the dusty old shop until it is ready to become {shop_a}."],
        "nar": [
            "{Hero} and {Friend} scrubbed the floors, mended the crooked door and painted the walls the colour "
            "of sunshine.",
            "It was hard work, but every evening the little shop looked more like a dream.",
        ],
        "bridge": {"*": ["The very next day, the work began.", "And so the hard work began."]},
        "m": [
            M(
                ["hero", "friend"],
                "Inside the shop, {Hero} wobbles on a ladder painting the walls sunny yellow while "
                "{Friend} holds it steady",
                [
                    ("friend", "Careful! More paint on the wall, less on you!"),
                    ("hero", "Oops. I think I'm yellower than the wall."),
                ],
                sfx="WOBBLE!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} heave a big old wooden counter through the crooked shop door",
                [
                    ("hero", "Why is everything in a shop so heavy?"),
                    ("friend", "Because it's full of dreams. And wood."),
                ],
                sfx="HEAVE!",
                p=2,
            ),
            M(
                ["hero"],
                "At dusk, {Hero} sits alone on the freshly painted doorstep of the shop, the first stars "
                "coming out over {town}",
                [("hero", "It's really happening. A real shop.")],
                p=1,
            ),
        ],
    },
    "start": {
        "beat": [
            "{Hero} practises {making} {product} all week, and at last the bunting goes up: {place} opens tomorrow."
        ],
        "nar": [
            "All week, {Hero} practised until {his} {product} was just right.",
            '{He} even practised saying "Hello!" to {his} own reflection.',
            "At last the bunting went up. Tomorrow, {place} would open.",
        ],
        "bridge": {"*": ["All that week...", "Day after day..."]},
        "m": [
            M(
                ["hero", "friend"],
                "In the shop kitchen, {Hero} {makes} a {batch} while {Friend} takes a {taste}, steam swirling",
                [
                    ("friend", "Mmm! That's the best {product} in all of {town}!"),
                    ("hero", "Really? You're not just being nice?"),
                ],
                p=1,
            ),
            M(
                ["hero"],
                "Behind the counter of {place}, {Hero} practises smiling at {his} reflection in a shiny spoon",
                [
                    [("hero", "Hello! Welcome to {place}! ...Too loud? Too quiet?")],
                    [("hero", "Good morning! What can I... oh dear. Again. Good MORNING!")],
                ],
                p=2,
            ),
            M(
                ["hero"],
                "{Hero} sets out {display} along the counter of {place}, neat and gleaming",
                [("hero", "Everything has to be just right.")],
                sfx="CLINK!",
                p=3,
            ),
            M(
                ["hero", "friend"],
                "Outside on {street} at sunset, {Hero} and {Friend} hang bright bunting over the door of {place}",
                [("friend", "Tomorrow's the big day!"), ("hero", "Tomorrow... I hope somebody comes.")],
                sfx="TAP TAP!",
                p=1,
            ),
        ],
    },
    "first_win": {
        "beat": [
            (
                "guest",
                "On opening day the bell jingles, and in walks the very first customer: {Guest} the {guest_sp}.",
                "On opening day one curious customer peeks in, and {Hero} serves {his} very first {serving}.",
            )
        ],
        "nar": [
            (
                "guest",
                "On opening day, the bell above the door jingled, and in walked {Guest} the {guest_sp}.",
                "On opening day, the bell above the door jingled, and in walked one curious customer.",
            ),
            "{Hero}'s {limbs} shook as {he} served {a_serving}.",
            (
                "guest",
                "{Guest} took one {taste}... and smiled the biggest smile.",
                "The customer took one {taste}... and smiled.",
            ),
        ],
        "bridge": {"*": ["On opening day...", "The next morning, the shop opened its doors."]},
        "m": [
            M(
                ["hero", "guest"],
                "The bell jingles as {Guest} the {guest_sp} steps into {place} and {Hero} freezes behind the counter",
                [("guest", "Hello, dear! Are you open?"), ("hero", "Y-yes! Welcome! I mean... hello!")],
                sfx="JINGLE!",
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "{Hero} waits behind the counter of {place} as {Friend} unlocks the front door",
                    [("friend", "Ready? Here we go!"), ("hero", "Ready as I'll ever be.")],
                    sfx="CLICK!",
                    p=1,
                ),
            ),
            M(
                ["hero", "guest"],
                "{Hero} carefully serves {Guest} {a_serving} at a little table by the shop window",
                [("guest", "Oh my. This is wonderful."), ("hero", "You... you like it?")],
                p=1,
                alt=M(
                    ["hero"],
                    "{Hero} carefully serves {a_serving} to one small, curious customer at a table by the shop window",
                    [("hero", "I-I hope you like it...")],
                    p=1,
                ),
            ),
            M(
                ["hero", "friend"],
                "{Friend} peeks in through the shop window from {street}, giving {Hero} a big thumbs-up",
                [("friend", "Your first customer! I knew it!")],
                p=2,
            ),
        ],
    },
    "trouble": {
        "beat": [
            (
                "rival",
                "But {Rival} the {rival_sp} grumbles to all of {town} that a {hero_sp}'s shop is "
                "trouble, and soon nobody dares to come in.",
                "But nobody in {town} has ever been to a shop run by a {hero_sp}, and day after day nobody comes in.",
            )
        ],
        "nar": [
            (
                "stage:first_win",
                "But after that first happy morning, nobody else came.",
                "At last, {place} opened its doors.",
            ),
            (
                "rival",
                "But {Rival} the {rival_sp} grumbled to everyone on {street} that a {hero_sp}'s shop meant trouble.",
                "But nobody in {town} had ever been to a shop run by a {hero_sp}, and they hurried past the window.",
            ),
            "Day after day, {place} stayed empty.",
        ],
        "bridge": {
            "home": ["On opening day...", "The next morning, the shop opened its doors."],
            "spark": ["On opening day..."],
            "start": ["On opening day..."],
            "first_win": ["But the next day...", "But after that first happy morning..."],
            "*": ["But then..."],
        },
        "m": [
            M(
                ["hero"],
                "{Hero} waits alone behind the counter of the empty shop, {display} untouched, a clock ticking "
                "on the wall",
                [[("hero", "Maybe everyone's just... busy today?")], [("hero", "Any minute now. Any minute...")]],
                sfx="TICK... TOCK...",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} stomps into {place}, sniffs at the {product} and scowls at {Hero}",
                [
                    ("rival", "A {hero_sp} running a shop? This street will never be the same!"),
                    ("hero", "B-but it's really good {product}..."),
                ],
                sfx="HMPH!",
                p=1,
                alt=M(
                    ["hero"],
                    "Outside on {street}, passers-by see {Hero} waving from the shop window, whisper, and hurry away",
                    [("hero", "Hello! Would you like to... oh. Never mind.")],
                    p=1,
                ),
            ),
            M(
                ["rival"],
                "Outside on {street}, {Rival} the {rival_sp} warns a huddle of townsfolk to keep away from {place}",
                [("rival", "Mark my words: that {hero_sp} is nothing but trouble!")],
                p=2,
            ),
            M(
                ["hero"],
                "Outside on {street}, {Hero} offers a tray of free {product}, but the townsfolk cross to the "
                "other side",
                [("hero", "Free {product}? Anyone? ...Anyone?")],
                p=2,
                skip_if=("plan",),
            ),
            M(
                ["hero", "friend"],
                "{Friend} finds {Hero} hiding under the counter of the empty shop",
                [
                    ("friend", "{Hero}? What are you doing down there?"),
                    ("hero", "Nobody wants {product} from a {hero_sp}."),
                ],
                p=1,
            ),
        ],
    },
    "worse": {
        "beat": ["Days go by without a single customer, and {Hero} sadly starts packing the {ware} back into boxes."],
        "nar": [
            "Days went by. Not a single customer came.",
            "One by one, {Hero} packed the {ware} back into their boxes.",
        ],
        "bridge": {"*": ["Days went by...", "A whole week went by..."]},
        "m": [
            M(
                ["hero"],
                "Rain streaks the window of the empty shop as {Hero} stares at a cold {batch} on the counter",
                [("hero", "Another whole day. Not one customer.")],
                sfx="DRIP... DRIP...",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "Through the rainy shop window, {Hero} watches {Guest} the {guest_sp} hurry past without looking in",
                [("hero", "Even {Guest} isn't coming back...")],
                p=2,
                only_if=("first_win",),
            ),
            M(
                ["hero"],
                "{Hero} sadly packs the {ware} into a cardboard box behind the counter of {place}",
                [("hero", "{doubt}")],
                p=1,
            ),
        ],
    },
    "low": {
        "beat": ["That night, alone in the dark little shop, {Hero} decides to close it for good."],
        "nar": [
            "That night {Hero} sat alone in the dark little shop.",
            '"Maybe a {hero_sp} was never meant to {goal}," {he} whispered.',
        ],
        "bridge": {"*": ["That night...", "Late that night..."]},
        "m": [
            M(
                ["hero"],
                "Night: {Hero} sits alone by a single candle in the empty shop, head resting on the counter",
                [("hero", "Maybe a {hero_sp} was never meant to {goal}.")],
                p=1,
            ),
            M(
                ["hero"],
                "Outside on the moonlit street, {Hero} climbs a ladder to take the bunting down from above the "
                "shop door",
                [("hero", "It was a silly dream anyway.")],
                sfx="CREAK...",
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Friend} comes running up the moonlit street and catches the bunting before it can fall on {Hero}",
                [("friend", "Don't you dare, {Hero}!")],
                sfx="GRAB!",
                p=1,
            ),
        ],
    },
    "help": {
        "beat": [
            "{Friend} won't let {Hero} give up, and together they make a plan: if nobody comes to the shop, "
            "the shop will go to them."
        ],
        "nar": [
            "{Friend} sat down beside {Hero} on the doorstep.",
            '"Remember my first {taste}? That\'s the real you," {Friend} said. "Let\'s show everyone."',
        ],
        "bridge": {"*": ["But {Hero} wasn't alone.", "Then someone came to help."]},
        "m": [
            M(
                ["hero", "friend"],
                "Outside on the quiet street under the stars, {Friend} and {Hero} sit on the shop "
                "doorstep, sharing "
                "{a_serving}",
                [
                    ("friend", "Remember my first {taste}? Best {product} ever. That's the real you."),
                    ("hero", "But they won't even come in."),
                ],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} jumps up on the doorstep beside {Hero} with a huge grin, pointing down the moonlit street",
                [("friend", "Then we'll take the {product} to them!")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} stay up late in the shop kitchen, {making} {product} by lamplight",
                [("hero", "Do you really think it'll work?"), ("friend", "Only one way to find out.")],
                p=2,
            ),
        ],
    },
    "plan": {
        "beat": [
            "{Hero} and {Friend} carry {servings} out to the market square, and one {taste} at a time, {town} "
            "starts to smile."
        ],
        "nar": [
            "The next morning {Hero} and {Friend} set up a little table in the market square, piled high with "
            "{servings}.",
            (
                "guest",
                '{Guest} the {guest_sp} was the first to try. "Well, I never!"',
                "One by one, curious townsfolk stopped to try some.",
            ),
        ],
        "bridge": {"*": ["The next morning...", "Bright and early the next day..."]},
        "m": [
            M(
                ["hero", "friend"],
                "In the busy market square of {town}, {Hero} and {Friend} set up a little table piled with {servings}",
                [
                    ("friend", "Free {product}! Made by the finest {hero_sp} in {town}!"),
                    ("hero", "H-hello! Would you like some?"),
                ],
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} takes a {taste} at {Hero}'s market table while a few townsfolk watch",
                [("guest", "Well, I never! Everyone, come and try this!")],
                p=1,
                alt=M(
                    ["hero"],
                    "A little crowd of curious townsfolk gathers around {Hero}'s table in the market square",
                    [("hero", "There's plenty for everyone!")],
                    p=1,
                ),
            ),
            M(
                ["rival"],
                "{Rival} the {rival_sp} watches from behind a market stall, arms folded",
                [("rival", "Hmph. It won't last.")],
                p=2,
            ),
        ],
    },
    "climax": {
        "beat": [
            "Then {weather_desc} knocks out every light and stove in {town}, and {Hero} throws open the doors of "
            "{place} to the whole shivering town."
        ],
        "nar": [
            "Then one night, {weather_desc} swept over {town}.",
            "The lamps went out, the stoves went cold, and everyone shivered in the dark.",
            "Only one window still glowed: the window of {place}.",
        ],
        "bridge": {"*": ["Then, one night, the {weather} came.", "That night, the sky turned black."]},
        "m": [
            M(
                ["hero"],
                "Night, {weather_kw}: outside, {weather_desc} lashes the dark streets of {town} as {Hero} "
                "looks out from the glowing window of {place}",
                [("hero", "Every light in {town} has gone out!")],
                sfx="{weather_sfx}",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} bursts into {place}, soaked and shivering, and runs to {Hero} as the {weather} howls outside",
                [("friend", "{Hero}! Everyone's freezing in the dark!"), ("hero", "Then... then they can come here.")],
                sfx="BANG!",
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} flings open the door of {place} and {glow}, lighting up the stormy street outside",
                [("hero", "EVERYONE! IN HERE! IT'S WARM, AND THERE'S {PRODUCT}!")],
                sfx="{glow_sfx}",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp}, dripping wet, hesitates in the doorway of {place} as {Hero} "
                "beckons from inside",
                [("rival", "Even... even for me?"), ("hero", "Especially for you. Come in!")],
                p=2,
                alt=M(
                    ["hero", "guest"],
                    "{Guest} the {guest_sp}, dripping wet, stumbles into the warm light of "
                    "{place}, where {Hero} waits "
                    "with a blanket",
                    [("guest", "Oh, thank goodness! A light!"), ("hero", "Come in, come in! Get warm!")],
                    p=2,
                ),
            ),
        ],
    },
    "triumph": {
        "beat": [
            (
                "rival",
                "All night long {Hero} {makes} {product} for the whole soggy town, and even grumpy "
                "{Rival} asks for seconds.",
                "All night long {Hero} {makes} {product} for the whole soggy town, and nobody is afraid of {him} "
                "any more.",
            )
        ],
        "nar": [
            "All night long, {Hero} {makes} {product} for everyone in {town}.",
            "{He} was so busy that {he} {overcome}.",
            ("rival", "Even {Rival} asked for seconds.", "By morning, nobody was afraid of {him} at all."),
        ],
        "bridge": {"*": ["All night long...", "Soon the little shop was full."]},
        "m": [
            M(
                ["hero", "guest", "friend"],
                "Inside the crowded, glowing shop, {Hero} serves {product} to {Guest}, "
                "{Friend} and a crowd of soggy townsfolk",
                [("guest", "Best {product} I've ever had!"), ("friend", "Told you so!")],
                sfx="CLINK!",
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "Inside the crowded, glowing shop, {Hero} and {Friend} serve {product} to a "
                    "crowd of soggy townsfolk",
                    [("friend", "Told you they'd love it!"), ("hero", "More {product}, anyone?")],
                    sfx="CLINK!",
                    p=1,
                ),
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp}, wrapped in a blanket by the warm stove in {place}, gives "
                "{Hero} a small, embarrassed smile",
                [("rival", "I was wrong about you, {Hero}. Could I... have some more?"), ("hero", "Of course!")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} laughs as the whole cosy shop sings along, the {weather} still rattling the windows",
                [],
                cap="{Hero} was so busy, {he} {overcome}.",
                p=2,
            ),
        ],
    },
    "ending": {
        "beat": [
            "When the sun comes up, {place} is the busiest spot in {town}, and {Hero} has more friends than {he} "
            "can count."
        ],
        "nar": [
            "From that day on, {place} was never empty.",
            "{Hero} {overcome}.",
            (
                "friend",
                "And every morning, {Friend} got the very first {serving} of the day.",
                "And every morning, {Hero} served the very first {serving} of the day with a smile.",
            ),
        ],
        "bridge": {
            "climax": ["When the sun came up...", "By morning, the storm had passed."],
            "*": ["And from that day on...", "When the sun came up..."],
        },
        "m": [
            M(
                ["hero"],
                "Sunny morning on {street}: a long line of townsfolk waits outside {place}, {Hero} waving "
                "from the doorway",
                [("hero", "Good morning! Come in, come in!")],
                cap="From that day on, {place} was never empty.",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} sits at the window table of the busy shop as {Hero} brings {a_serving}",
                [("guest", "Same as always, {Hero}!"), ("hero", "Coming right up!")],
                p=2,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} helps {Hero} carry a tray through the busy shop, almost smiling",
                [("rival", "Best shop on the street. Don't tell anyone I said so.")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} clink cups behind the busy counter of {place}, the whole shop glowing",
                [("friend", "To {place}!"), ("hero", "To the best friend a {hero_sp} ever had.")],
                sfx="CLINK!",
                p=1,
            ),
        ],
    },
}

RACE = {
    "combos": {
        ("home", "trouble"): [
            (
                "pair",
                "In {town} lived two racing {hero_sp}s, {Hero} and {Opp}, best friends and fierce rivals.",
                "In {town} lived {a_trait} {hero_sp} named {Hero}, who dreamed of beating {Opp} in {event}.",
            ),
            "On race day they shot off {course}.",
            "But {Opp} pulled ahead, and {Hero} took a wrong turn and fell far behind.",
        ],
        ("climax", "ending"): [
            "Then {weather_desc} swept across the {land}, and {Hero} found {Opp} stuck fast, just before the finish.",
            "{Hero} could have won, but instead {he} turned back and pulled {Opp} free.",
            "They crossed the line together, and for the first time ever, the trophy was shared.",
        ],
        ("home", "trouble", "climax", "ending"): [
            (
                "pair",
                "{Hero} and {Opp} were best friends who both wanted to win {event}.",
                "{Hero} the {hero_sp} wanted to beat {Opp} in {event} more than anything.",
            ),
            "But when {weather_desc} left {Opp} stuck just before the finish, {Hero} turned back to help.",
            "They crossed the line together and shared the trophy.",
        ],
    },
    "cover": "{Hero} the {hero_sp} and {Opp} the {opp_sp} race neck and neck across the {land} toward {finish}, "
    "{ground} flying, bright sunny sky",
    "shorts": {
        "setup": (
            "pair",
            "{Hero} and {Opp}, best friends and fierce rivals, race {course} for {event}",
            "{Hero} the {hero_sp} races {course} to win {event}",
        ),
        "problem": "{Opp} pulls far ahead and {Hero} falls hopelessly behind",
        "turn": "{weather_desc} strands {Opp} just before the finish and {Hero} turns back to help",
        "end": "they cross the line together and share the trophy",
    },
    "home": {
        "beat": [
            (
                "pair",
                "{Hero} and {Opp} are best friends and the two fastest {hero_sp}s in {town}, and both of "
                "them want to win {event}.",
                "{Hero} the {hero_sp} dreams of winning {event}, but {Opp} the {opp_sp} has never lost a race.",
            )
        ],
        "nar": [
            (
                "pair",
                "In {town}, at the edge of the {land}, lived two {hero_sp}s named {Hero} and {Opp}.",
                "In {town}, at the edge of the {land}, lived {a_trait} {hero_sp} named {Hero}.",
            ),
            (
                "pair",
                "They were best friends, and both of them were sure they were the fastest.",
                "{Hero} wanted to win {event} more than anything, but {Opp} the {opp_sp} had never lost a race.",
            ),
            "And this year's race was only three days away.",
        ],
        "m": [
            M(
                ["hero"],
                "At the edge of {town}, {Hero} the {hero_sp} {move} around a practice track in the {land}, "
                "{ground} flying, morning sun",
                [
                    [("hero", "Faster... faster! The big race is only three days away!")],
                    [("hero", "Three days till {event}. I have to be faster!")],
                ],
                sfx="{move_sfx}",
                cap=(
                    "pair",
                    "{Hero} and {Opp} were best friends. And rivals.",
                    "In {town}, everybody was talking about {event}.",
                ),
                p=1,
            ),
            M(
                ["hero", "opp"],
                "{Opp} the {opp_sp} {opp_move} past {Hero} on the practice track, kicking up {ground}",
                [("opp", "Too slow, {Hero}! That trophy's mine this year!"), ("hero", "We'll see about that!")],
                sfx="ZOOM!",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "In the square of {town}, {Guest} the {guest_sp} holds up a shining golden trophy "
                "for {event} as {Hero} stares",
                [("guest", "{Event}! {Course}, all the way to {finish}!"), ("hero", "That trophy has my name on it.")],
                p=2,
                alt=M(
                    ["hero"],
                    "In the square of {town}, {Hero} gazes at a shining golden trophy on a stand",
                    [("hero", "That trophy has my name on it.")],
                    p=2,
                ),
            ),
            M(
                ["hero", "opp"],
                "{Hero} and {Opp} stand nose to nose in the square of {town}, the golden trophy gleaming between them",
                [("hero", "May the best racer win."), ("opp", "Oh, I will.")],
                p=1,
            ),
        ],
    },
    "spark": {
        "beat": ["{Hero} and {Opp} both sign up for {event}, and each one secretly swears to win."],
        "nar": [
            "The next day, {Hero} signed up for {event}.",
            "{Opp} signed up right after, grinning.",
            '"See you at the finish line," {Opp} said. "Eventually."',
        ],
        "bridge": {"*": ["The next day...", "The very next morning..."]},
        "m": [
            M(
                ["hero", "guest"],
                "At a little table in the square of {town}, {Guest} the {guest_sp} writes {Hero}'s "
                "name on the list of racers",
                [("guest", "Name?"), ("hero", "{Hero}. Future champion.")],
                p=1,
                alt=M(
                    ["hero"],
                    "In the square of {town}, {Hero} proudly writes {his} name on the list of racers",
                    [("hero", "{Hero}. Future champion.")],
                    p=1,
                ),
            ),
            M(
                ["hero", "opp"],
                "{Opp} signs up right after {Hero}, grinning from ear to ear",
                [("opp", "Future runner-up, you mean."), ("hero", "Ha! We'll see.")],
                p=1,
            ),
            M(
                ["hero", "ally"],
                "{Ally} the {ally_sp} pats {Hero} on the back outside the sign-up tent",
                [("ally", "Whatever happens, I'll be cheering for you."), ("hero", "Cheer loud. I'm going to win.")],
                p=2,
            ),
        ],
    },
    "start": {
        "beat": ["{Hero} trains from sunrise to sunset, racing over the {land} until {he} can barely stand."],
        "nar": [
            "{Hero} trained from sunrise to sunset.",
            "{He} raced up hills and down again, over and over.",
            "By race day, {he} was faster than ever.",
        ],
        "bridge": {"*": ["All week long...", "Every day until the race..."]},
        "m": [
            M(
                ["hero"],
                "At sunrise, {Hero} {move} up and down the hills of the {land}, panting",
                [("hero", "One more lap... just one more...")],
                sfx="HUFF! PUFF!",
                p=1,
            ),
            M(
                ["hero", "ally"],
                "{Ally} the {ally_sp} holds a stopwatch as {Hero} {move} past a big rock in the {land}",
                [("ally", "Faster than yesterday!"), ("hero", "Not fast enough!")],
                p=1,
                alt=M(
                    ["hero", "opp"],
                    "Across the {land}, {Hero} spots {Opp} training too, even faster",
                    [("hero", "Oh no. {Opp}'s training too.")],
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "The night before the race, {Hero} lies awake under the stars over {town}",
                [("hero", "Tomorrow. Tomorrow I win.")],
                p=2,
            ),
        ],
    },
    "first_win": {
        "beat": ["On race day the flag drops, and {Hero} shoots off the starting line and into the lead!"],
        "nar": [
            "On race day, the whole of {town} came to watch.",
            "The flag dropped, and {Hero} shot off the line like a rocket.",
            "For a while, {he} was in the lead!",
        ],
        "bridge": {"*": ["On race day...", "At last, race day came!"]},
        "m": [
            M(
                ["hero", "opp"],
                "At the starting line on {street}, {Hero} and {Opp} crouch side by side, crowds cheering behind them",
                [("opp", "Good luck. You'll need it."), ("hero", "Save your breath.")],
                p=1,
            ),
            M(
                ["guest"],
                "{Guest} the {guest_sp} holds a big chequered flag high at the starting line",
                [("guest", "Ready... steady... GO!")],
                sfx="BANG!",
                p=1,
                alt=M(
                    ["hero", "opp"],
                    "The starting flag drops, and {Hero} and {Opp} burst off the line in a cloud of {ground}",
                    [("hero", "GO!")],
                    sfx="BANG!",
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "{Hero} {move} out into the {land} ahead of everyone, leaving a trail of {ground}",
                [("hero", "Woo-hoo! I'm in the lead!")],
                sfx="ZOOOOM!",
                p=1,
            ),
        ],
    },
    "trouble": {
        "beat": [
            (
                "racer3",
                "But out in the {land}, {Rival} the {rival_sp} cuts in front, {Opp} zooms past, and "
                "{Hero} spins off down the wrong trail.",
                "But out in the {land}, {Opp} zooms past, and {Hero}, trying to catch up, spins off down the wrong "
                "trail.",
            )
        ],
        "nar": [
            (
                "stage:first_win",
                "But out in the {land}, {Opp} caught up, and then zoomed past.",
                (
                    "pair",
                    "On race day, {Hero} and {Opp} shot off the starting line side by side.",
                    "On race day, {Hero} shot off the starting line as fast as {he} could.",
                ),
            ),
            (
                "stage:first_win",
                "{Hero} pushed harder and harder, until, at a fork in the trail, {he} went the wrong way.",
                (
                    "pair",
                    "But out in the {land}, {Opp} pulled ahead, and at a fork in the trail, {Hero} went the wrong way.",
                    "But {Opp} zoomed past, and at a fork in the trail, {Hero} went the wrong way.",
                ),
            ),
            "By the time {he} noticed, {Opp} was nowhere to be seen.",
        ],
        "bridge": {
            "home": ["On race day...", "At last, race day came!"],
            "spark": ["On race day..."],
            "start": ["On race day..."],
            "first_win": ["But halfway across the {land}...", "But the race was far from over."],
            "*": ["But then..."],
        },
        "m": [
            M(
                ["hero", "opp"],
                "At the starting line on {street}, {Hero} and {Opp} burst away in a cloud of {ground} "
                "as the crowd cheers",
                [("hero", "Here we GO!")],
                sfx="BANG!",
                p=1,
                skip_if=("first_win",),
            ),
            M(
                ["hero", "opp"],
                "Out in the {land}, {Opp} {opp_move} past {Hero}, waving",
                [("opp", "See you at {finish}, slowpoke!"), ("hero", "Hey! Come back here!")],
                sfx="ZOOM!",
                p=1,
            ),
            M(
                ["hero", "racer3"],
                "{Rival} the {rival_sp} cuts right in front of {Hero}, spraying {ground} everywhere",
                [("racer3", "Out of my way, slowcoach!")],
                sfx="SKRRRT!",
                p=2,
            ),
            M(
                ["hero"],
                "At a fork in the trail, {Hero} skids, spins and {move} off the wrong way into the {land}",
                [("hero", "Wait... which way is {finish}?!")],
                sfx="SKRRRT!",
                p=1,
            ),
        ],
    },
    "worse": {
        "beat": [
            "By the time {Hero} finds the trail again, {Opp} is just a speck in the distance, and dark clouds "
            "are gathering."
        ],
        "nar": [
            "By the time {Hero} found the right trail, {Opp} was just a tiny speck far ahead.",
            "And dark clouds were gathering over the {land}.",
        ],
        "bridge": {"*": ["By the time {Hero} found the trail again...", "Minutes ticked by..."]},
        "m": [
            M(
                ["hero"],
                "{Hero} stands alone on a hilltop in the {land}, far behind, {Opp} a tiny speck ahead",
                [("hero", "I'll never catch up now.")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} trudges on, tired, as dark clouds gather over the {land}",
                [("hero", "Everything aches...")],
                p=1,
            ),
            M(
                ["opp"],
                "Far ahead on the trail, {Opp} the {opp_sp} looks back over the empty {land}",
                [("opp", "Where did {Hero} go?")],
                p=2,
            ),
        ],
    },
    "low": {
        "beat": [
            "Tired and far behind, {Hero} sits down in the {ground} and wonders why {he} ever wanted to race at all."
        ],
        "nar": [
            "{Hero} sat down in the {ground}, tired and far behind.",
            '"Why did I ever want to race?" {he} sighed.',
        ],
        "bridge": {"*": ["Then {Hero} stopped.", "At last, {Hero} sat down."]},
        "m": [
            M(["hero"], "{Hero} sits alone on a rock in the {land} at dusk, head down", [("hero", "{doubt}")], p=1),
            M(
                ["hero"],
                "{Hero} looks back at the long trail behind {him}, tracks fading in the {ground}",
                [("hero", "I could just go home...")],
                p=2,
            ),
            M(
                ["hero"],
                "{Hero} stares at {his} dusty reflection in a puddle beside the trail",
                [("hero", "Some racer I turned out to be.")],
                p=2,
            ),
        ],
    },
    "help": {
        "beat": [
            (
                "ally",
                "Then {Ally} appears at the side of the trail, cheering so loudly that {Hero} gets back up.",
                "Then {Hero} remembers why {he} loves racing: not the trophy, but the wind, the fun, and racing {Opp}.",
            )
        ],
        "nar": [
            (
                "ally",
                "Then {Hero} heard a voice. It was {Ally}, cheering at the top of {his} lungs.",
                "Then {Hero} remembered why {he} loved racing.",
            ),
            ("ally", '"{nudge}"', "Not for the trophy. For the wind, and the fun, and racing {Opp}."),
        ],
        "bridge": {"*": ["Then...", "Just then..."]},
        "m": [
            M(
                ["hero", "ally"],
                "{Ally} the {ally_sp} pops up from behind a rock beside the trail, waving a flag at {Hero}",
                [("ally", "Don't you dare stop! I came all this way to cheer!"), ("hero", "{Ally}?! You followed me?")],
                p=1,
                alt=M(
                    ["hero"],
                    "{Hero} gazes at the sunset over the {land}, remembering racing {Opp} just for fun",
                    [("hero", "It was never about the trophy, was it?")],
                    p=1,
                ),
            ),
            M(
                ["hero", "ally"],
                "{Ally} pulls {Hero} to {his} feet beside the trail",
                [("ally", "{nudge}"), ("hero", "...You're right. Let's go!")],
                p=2,
            ),
            M(
                ["hero"],
                "{Hero} stands up, shakes off the {ground} and looks toward {finish}",
                [("hero", "I'm not done yet!")],
                p=1,
            ),
        ],
    },
    "plan": {
        "beat": [
            "{Hero} spots {landmark} on the horizon, follows it like an arrow, and {move} after {Opp} faster than ever."
        ],
        "nar": [
            "{Hero} spotted {landmark} on the horizon.",
            "{He} followed it like an arrow and raced on, faster than ever.",
        ],
        "bridge": {"*": ["And then {Hero} had an idea.", "{Hero} stood up."]},
        "m": [
            M(
                ["hero"],
                "{Hero} stands up and spots {landmark} on the horizon of the {land}",
                [("hero", "If I head straight for {landmark}, I can still catch up!")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} {move} down the trail faster than ever, {ground} flying",
                [("hero", "Here I come, {Opp}!")],
                sfx="ZOOOOM!",
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} takes a daring shortcut straight over a rocky ridge in the {land}",
                [("hero", "Whoa-whoa-WHOA!")],
                sfx="BOING!",
                p=2,
            ),
        ],
    },
    "climax": {
        "beat": [
            "Then {weather_desc} sweeps across the {land}, and {Hero} finds {Opp} stuck fast, with the finish "
            "line just ahead."
        ],
        "nar": [
            "Then {weather_desc} swept across the {land}.",
            "Through the {weather_kw}, {Hero} heard a cry. It was {Opp}, stuck fast, with the finish line just ahead.",
            "{Hero} could win. Or {he} could help.",
        ],
        "bridge": {"*": ["Then the sky turned dark.", "Suddenly, the wind began to howl."]},
        "m": [
            M(
                ["hero"],
                "{weather_desc} sweeps across the {land}, {weather_kw} everywhere, as {Hero} pushes on",
                [("hero", "I can't see a thing!")],
                sfx="{weather_sfx}",
                p=1,
            ),
            M(
                ["hero", "opp"],
                "Through the {weather_kw}, {Hero} finds {Opp} stuck fast in a ditch, the finish line at "
                "{finish} just beyond",
                [("opp", "{Hero}! I'm stuck! Go on, you can still win!"), ("hero", "...")],
                p=1,
            ),
            M(
                ["hero"],
                "Close-up of {Hero}, looking from the finish line back to the ditch, {weather_kw} whipping past",
                [("hero", "The trophy... or {Opp}.")],
                p=2,
            ),
            M(
                ["hero", "opp"],
                "{Hero} turns back, {pull} and hauls {Opp} out of the ditch, bracing against the {weather}",
                [("hero", "Hold on! We finish this together!")],
                sfx="HEAVE!",
                p=1,
            ),
        ],
    },
    "triumph": {
        "beat": [
            "{Hero} pulls {Opp} free, and side by side, through the last of the {weather}, they cross the "
            "finish line together."
        ],
        "nar": [
            "{Hero} pulled and pulled, until {Opp} popped free.",
            "Side by side, they crossed the finish line at exactly the same moment.",
        ],
        "bridge": {"*": ["With one last pull...", "And then..."]},
        "m": [
            M(
                ["hero", "opp"],
                "{Hero} and {Opp} stagger out of the {weather_kw} side by side toward {finish}",
                [("opp", "Why did you come back for me?"), ("hero", "Because racing's no fun without you.")],
                p=1,
            ),
            M(
                ["hero", "opp", "guest"],
                "{Hero} and {Opp} cross the finish line at {finish} at the very same moment, "
                "as {Guest} the {guest_sp} drops the flag",
                [("guest", "It's... a TIE!")],
                sfx="TA-DAAA!",
                p=1,
                alt=M(
                    ["hero", "opp"],
                    "{Hero} and {Opp} cross the finish line at {finish} at the very same moment, the crowd roaring",
                    [("hero", "We made it!"), ("opp", "Together!")],
                    sfx="TA-DAAA!",
                    p=1,
                ),
            ),
            M(
                ["hero", "opp"],
                "Just past the finish line at {finish}, {Hero} and {Opp} collapse in a heap, laughing",
                [("opp", "You could have won, you know."), ("hero", "I think I did.")],
                p=2,
            ),
        ],
    },
    "ending": {
        "beat": [
            "The whole town cheers, the trophy is shared, and {Hero} and {Opp} agree to race side by side again "
            "next year."
        ],
        "nar": [
            "The whole of {town} cheered.",
            "For the first time ever, the trophy was shared.",
            "And {Hero} {overcome}.",
        ],
        "bridge": {"*": ["Back in {town}...", "That evening..."]},
        "m": [
            M(
                ["hero", "opp"],
                "On a podium in the square of {town}, {Hero} and {Opp} hold up the golden trophy "
                "together, confetti flying",
                [("hero", "Next year, I'm winning."), ("opp", "Next year, we'll see.")],
                sfx="HOORAY!",
                cap="And the winner was... both of them.",
                p=1,
            ),
            M(
                ["hero", "ally"],
                "{Ally} the {ally_sp} hugs {Hero} in the cheering crowd",
                [("ally", "That was the bravest thing I've ever seen!"), ("hero", "Told you to cheer loud.")],
                p=2,
            ),
            M(
                ["hero", "racer3"],
                "{Rival} the {rival_sp}, covered in {ground}, shakes {Hero}'s hand by the podium",
                [("racer3", "Maybe I'll stop cutting corners."), ("hero", "See you next year!")],
                p=3,
            ),
            M(
                ["hero", "opp"],
                "At sunset, {Hero} and {Opp} {move_plain} off across the {land} side by side, just for fun",
                [("opp", "Race you home?"), ("hero", "You're on!")],
                sfx="{move_sfx}",
                p=1,
            ),
            M(
                ["hero", "opp", "guest"],
                "{Guest} the {guest_sp} hangs shiny medals around the necks of {Hero} and "
                "{Opp} in the square of {town}",
                [("guest", "For the bravest race this {land} has ever seen!"), ("opp", "Best race ever.")],
                p=2,
                alt=M(
                    ["hero", "opp"],
                    "The crowd in the square of {town} lifts {Hero} and {Opp} up onto their shoulders",
                    [("opp", "Put us down! We're heavy!"), ("hero", "No, keep going!")],
                    sfx="HOORAY!",
                    p=2,
                ),
            ),
        ],
    },
}

QUEST = {
    "combos": {
        ("home", "trouble"): [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who longed to {goal}.",
            (
                "friend",
                "So {Hero} and {Friend} packed {relic} and set off into {wild}.",
                "So {Hero} packed {relic} and set off into {wild}.",
            ),
            (
                "rival",
                "But deep in the shadows, {Rival} the {rival_sp} was waiting.",
                "But deep in {wild}, the path split three ways, and soon they were lost.",
            ),
        ],
        ("climax", "ending"): [
            "At last they reached {dest}, just as {weather_desc} broke overhead.",
            "{Hero} held up {relic}, it blazed with light, and {he} {achieved}.",
            "When {he} came home, the whole of {town} threw a party under the stars.",
        ],
        ("home", "trouble", "climax", "ending"): [
            "{Hero}, {a_trait} {hero_sp} from {town}, set off with {relic} to {goal}.",
            "The way was long and dark, and at {dest} {weather_desc} broke overhead, but {relic} blazed with light.",
            "{Hero} {achieved}, and came home a hero.",
        ],
    },
    "cover": "{Hero} the {hero_sp} stands on a hilltop with {relic}, looking out over {wild} toward {dest}, "
    "{Friend} the {friend_sp} beside {him}, golden morning light",
    "shorts": {
        "setup": "{Hero}, {a_trait} {hero_sp} from {town}, sets out to {goal}",
        "problem": (
            "rival",
            "{Rival} the {rival_sp} blocks the way through {wild}",
            "the path through {wild} is long, dark and full of wrong turns",
        ),
        "turn": "in the middle of {weather_desc}, {Hero} holds up {relic} and lights the way",
        "end": "{he} {achieve3} and comes home a hero",
    },
    "home": {
        "beat": [
            "In {town}, {a_trait} {hero_sp} named {Hero} longs to {goal}, though nobody has ever made it past {wild}.",
            "{Hero}, {a_trait} {hero_sp} from {town}, packs {relic} and sets out to {goal}.",
        ],
        "nar": [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who longed to {goal}.",
            'Everyone said it couldn\'t be done. "Too far," they said. "Too dangerous."',
            (
                "friend",
                'But {Hero}\'s best friend, {Friend} the {friend_sp}, only asked, "When do we leave?"',
                "But {Hero} had already started packing.",
            ),
        ],
        "m": [
            M(
                ["hero"],
                "{Hero} the {hero_sp} sits on a grassy hill above {town} at dusk, gazing toward {wild} on the horizon",
                [
                    [("hero", "Somewhere out there... One day, I'll {goal}.")],
                    [("hero", "I'm going to {goal}. I just know it.")],
                ],
                cap="In {town} there lived {a_trait} {hero_sp} named {Hero}.",
                p=1,
            ),
            M(
                ["hero"],
                "In a dusty attic in {town}, {Hero} finds {relic} and a faded map of {wild} at the bottom of "
                "an old trunk",
                [("hero", "A map... and {relic}! It's a sign!")],
                sfx="CREAK!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} packs {his} bag with snacks and {relic} as {Friend} the {friend_sp} watches from the doorway",
                [("friend", "You're really going to {goal}?"), ("hero", "I'm really going. Even if I'm scared.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "At dawn, {Hero} and {Friend} set off down the path out of {town}, waving goodbye",
                [("friend", "Well, I'm not letting you go alone."), ("hero", "Then let's go. Toward {wild}!")],
                p=2,
                skip_if=("start",),
            ),
        ],
    },
    "spark": {
        "beat": ["{Hero} studies the old map all night, and {Friend} insists on coming along."],
        "nar": [
            "All night long, {Hero} studied the old map by candlelight.",
            "By morning, {he} knew the way, or at least the first part of it.",
            '"I\'m coming with you," said {Friend}. "No arguments."',
        ],
        "bridge": {"*": ["That night...", "All that night..."]},
        "m": [
            M(
                ["hero"],
                "By candlelight in {his} little room in {town}, {Hero} traces a path across the old map",
                [("hero", "Past {landmark}... through {wild}... to {dest}.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} the {friend_sp} bursts into {Hero}'s room with a packed bag and a big grin",
                [("friend", "I'm coming too. No arguments."), ("hero", "I wasn't going to argue.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} spread the old map across the kitchen table in {town}, pointing at {dest}",
                [("friend", "That's really far."), ("hero", "Then we'd better start early.")],
                p=2,
            ),
        ],
    },
    "start": {
        "beat": ["{Hero} and {Friend} leave {town} behind and head into {wild}, {wild_desc}."],
        "nar": [
            "At sunrise, {Hero} and {Friend} set off.",
            "They walked past {landmark}, past the last house, and on into {wild}, {wild_desc}.",
        ],
        "bridge": {"*": ["At sunrise...", "Early the next morning..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} walk down a winding path away from {town}, backpacks on, "
                "the rooftops growing small behind them",
                [("friend", "Do you know where we're going?"), ("hero", "Not exactly. But I know the way is forward.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} step into {wild}, {wild_desc}",
                [("friend", "It's awfully quiet here..."), ("hero", "Stay close.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "At night, {Hero} studies the map by a small campfire in {wild} while {Friend} snores",
                [("hero", "Every step is one step closer.")],
                sfx="ZZZ...",
                p=2,
            ),
        ],
    },
    "first_win": {
        "beat": [
            (
                "guest",
                "When a rushing river blocks the way, {Hero} finds a clever way across, and wise old "
                "{Guest} the {guest_sp} is impressed.",
                "When a rushing river blocks the way, {Hero} finds a clever way across.",
            )
        ],
        "nar": [
            "Soon a rushing river blocked their way.",
            "{Hero} spotted a fallen log, and together they pushed it across and wobbled over.",
            (
                "guest",
                "On the far bank sat {Guest} the {guest_sp}, who had watched the whole thing.",
                '"We did it!" cheered {Friend}.',
            ),
        ],
        "bridge": {"*": ["Before long...", "Soon..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} stop at the edge of a rushing river in {wild}",
                [("friend", "We'll never get across that!"), ("hero", "Hmm... wait. Look at that log.")],
                sfx="WHOOOSH!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} wobble across the river on a fallen log, arms out",
                [("friend", "Don't look down, don't look down..."), ("hero", "We did it!")],
                sfx="WOBBLE!",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "On the far bank, {Guest} the {guest_sp} peeks out from a hollow tree at {Hero}, impressed",
                [("guest", "Nobody's crossed that river in years. Where are you headed?"), ("hero", "To {goal}!")],
                p=2,
            ),
        ],
    },
    "trouble": {
        "beat": [
            (
                "rival",
                "But deep in {wild}, {Rival} the {rival_sp} blocks the path: nobody gets to {dest} "
                "while {Rival} is around.",
                "But deep in {wild}, the path splits three ways, and {Hero} and {Friend} get hopelessly lost.",
            )
        ],
        "nar": [
            (
                "stage:start",
                "Deep in {wild}, the path grew dark and narrow.",
                "So off they went, into {wild}, {wild_desc}.",
            ),
            (
                "rival",
                'Then {Rival} the {rival_sp} stepped out of the shadows. "Nobody gets to {dest}," {Rival} growled.',
                "Soon the path split three ways, and they were hopelessly lost.",
            ),
        ],
        "bridge": {"*": ["But deep in {wild}...", "But then..."]},
        "m": [
            M(
                ["hero", "friend"],
                "Deep in {wild}, {Hero} and {Friend} reach a spot where the path splits three ways",
                [("friend", "Which way now?"), ("hero", "I... I'm not sure.")],
                p=1,
                skip_if=(),
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} steps out of the shadows of {wild}, blocking {Hero}'s path",
                [
                    ("rival", "Going to {dest}? Not past me, you're not."),
                    ("hero", "We don't want trouble. We just want to {aim}."),
                ],
                sfx="STOMP!",
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "{Hero} and {Friend} walk in circles in {wild}, passing the same crooked tree again",
                    [("friend", "Haven't we seen that tree before?"), ("hero", "Three times.")],
                    p=1,
                ),
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} hide behind a mossy boulder in {wild}, whispering",
                [("friend", "We'll have to find another way round."), ("hero", "Then that's what we'll do.")],
                p=2,
                needs=("rival",),
            ),
            M(
                ["hero", "friend"],
                "{Hero} kneels on the muddy path in {wild}, shaking {relic}, as {Friend} peers into the gloom",
                [("hero", "Which way, which way...?"), ("friend", "Maybe that thing knows?")],
                p=3,
            ),
        ],
    },
    "worse": {
        "beat": ["Then a gust of wind snatches the map away, and night falls over {wild}."],
        "nar": [
            "Then a great gust of wind snatched the map right out of {Hero}'s {limbs}.",
            "It whirled away over the treetops, and night began to fall.",
        ],
        "bridge": {"*": ["And then...", "Just then..."]},
        "m": [
            M(
                ["hero", "friend"],
                "A gust of wind snatches the map from {Hero} and whirls it away over {wild} as {Friend} leaps for it",
                [("hero", "The map!"), ("friend", "Grab it!")],
                sfx="WHOOSH!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} huddle under a dripping rock in {wild} as rain begins to fall",
                [("friend", "Now what do we do?")],
                sfx="DRIP DRIP",
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} stares up at the empty grey sky over {wild} where the map disappeared",
                [("hero", "No map. No path. Nothing.")],
                p=2,
            ),
        ],
    },
    "low": {
        "beat": ["Cold, lost and tired, {Hero} wonders if {he} should ever have left {town}."],
        "nar": [
            "That night, {Hero} sat by a tiny, flickering fire, cold and lost.",
            '"Maybe they were right," {he} whispered. "Maybe nobody can {goal}."',
        ],
        "bridge": {"*": ["That night...", "As night fell..."]},
        "m": [
            M(
                ["hero"],
                "Night: {Hero} sits alone by a tiny, flickering campfire in {wild}",
                [("hero", "{doubt}")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} lies asleep by the fire as {Hero} stares out into the dark of {wild}",
                [("hero", "Maybe they were right. Maybe nobody can {goal}.")],
                p=2,
            ),
            M(
                ["hero"],
                "By the campfire in {wild}, {Hero} turns {relic} over and over, its glow faint and flickering",
                [("hero", "You're supposed to show me the way. Please?")],
                p=2,
            ),
        ],
    },
    "help": {
        "beat": [
            (
                "guest",
                "At dawn, {Guest} the {guest_sp} finds them and shows them a secret path toward {dest}.",
                "{Friend} reminds {Hero} how far they've come, and at dawn they spot {dest} on the horizon.",
            )
        ],
        "nar": [
            '"{nudge}" said {Friend}.',
            (
                "guest",
                'And at dawn, {Guest} the {guest_sp} appeared. "I know a secret way," {Guest} said.',
                "And at dawn, {Hero} spotted {dest} on the horizon. They knew the way again.",
            ),
        ],
        "bridge": {"*": ["But {Hero} wasn't alone.", "Then..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Friend} sits up and leans against {Hero} by the dying campfire",
                [("friend", "{nudge}"), ("hero", "...Thanks, {Friend}.")],
                p=1,
            ),
            M(
                ["hero", "friend", "guest"],
                "At dawn, {Guest} the {guest_sp} appears on a mossy rock above {Hero} and {Friend}'s camp",
                [("guest", "Lost, are we? I know a secret way to {dest}."), ("hero", "You'd help us?")],
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "At dawn, {Hero} climbs a tall rock and spots {dest} far away on the "
                    "horizon, {Friend} scrambling up behind",
                    [("hero", "{Friend}! Look! That's the way!")],
                    p=1,
                ),
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} pack up camp in the pink dawn light of {wild}, smiling again",
                [("hero", "Come on. We're not done yet."), ("friend", "That's the spirit!")],
                p=3,
            ),
        ],
    },
    "plan": {
        "beat": ["With {relic} held high, {Hero} and {Friend} squeeze along a hidden path nobody else knew."],
        "nar": [
            "{Hero} held up {relic}, and the way ahead shimmered into view.",
            "It was a narrow, hidden path, and it led straight toward {dest}.",
        ],
        "bridge": {"*": ["So off they went again.", "Onward!"]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} holds up {relic} as {Hero} and {Friend} squeeze along a narrow hidden path in {wild}",
                [("friend", "Are you sure about this?"), ("hero", "No. But it feels right.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} climb the last steep slope, {dest} finally in sight",
                [("hero", "There it is! {Dest}!")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} edge across a narrow rope bridge high above a misty valley in {wild}",
                [("friend", "Don't look down!"), ("hero", "I wasn't going to!")],
                sfx="CREAK...",
                p=2,
            ),
        ],
    },
    "climax": {
        "beat": [
            (
                "rival",
                "At {dest}, {Rival} is waiting, {weather_desc} breaks over them all, and only {Hero} and "
                "{relic} can light the way.",
                "At last they reach {dest}, but {weather_desc} breaks over them, and only {Hero} and {relic} can "
                "light the way.",
            )
        ],
        "nar": [
            "At last they reached {dest}, just as {weather_desc} broke over their heads.",
            ("rival", "And there, waiting in the dark, was {Rival}.", "Everything went dark."),
            "{Hero} was scared. But {he} held up {relic}, and it blazed with light.",
        ],
        "bridge": {"*": ["At last...", "Then, at the very end of the path..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} reach {dest} as {weather_desc} breaks overhead, {weather_kw} everywhere",
                [("friend", "We made it! But I can't see a thing!")],
                sfx="{weather_sfx}",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} looms out of the {weather_kw} at {dest}, blocking {Hero}'s way",
                [("rival", "You'll never {aim}. Turn back!"), ("hero", "No. I've come too far.")],
                p=1,
                alt=M(
                    ["hero"],
                    "{Hero} stands at the edge of the dark at {dest}, {weather_kw} roaring all around",
                    [("hero", "I'm scared... but I'm not turning back.")],
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "{Hero} raises {relic} high, and it blazes with light, cutting through the {weather_kw}",
                [("hero", "THIS WAY!")],
                sfx="SHWING!",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} slips on the wet rocks at {dest}, and {Hero} grabs hold just in time",
                [("rival", "You... saved me? After everything?"), ("hero", "Of course I did.")],
                p=2,
            ),
        ],
    },
    "triumph": {
        "beat": ["In that light, {Hero} {achieve3}, and it is even more wonderful than {he} ever imagined."],
        "nar": [
            "When the {weather} cleared, {Hero} blinked in the golden light.",
            "{He} had done it: {he} {achieved}.",
            ("rival", "Even {Rival} had to smile.", "It was even more wonderful than {he} had ever imagined."),
        ],
        "bridge": {"*": ["When the {weather} cleared...", "And then the clouds parted."]},
        "m": [
            M(
                ["hero", "friend"],
                "The {weather} clears, and {Hero} and {Friend} stand amazed at {dest} in golden light, {sight}",
                [("friend", "You did it, {Hero}! You really did it!"), ("hero", "WE did it.")],
                sfx="TA-DAAA!",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp}, soggy and humble, shakes {Hero}'s hand at {dest}",
                [("rival", "Maybe... we could be friends?"), ("hero", "I'd like that.")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} hug at {dest} in the golden light, laughing and crying at once",
                [("hero", "We really did it."), ("friend", "Told you we would.")],
                p=2,
            ),
        ],
    },
    "ending": {
        "beat": [
            (
                "stage:triumph",
                "{Hero} comes home to {town} a hero, and the whole {land} throws a party under the stars.",
                "In the light, {Hero} {achieve3} at last, and comes home to a party under the stars.",
            )
        ],
        "nar": [
            (
                "stage:triumph",
                "When {Hero} came home, the whole of {town} threw a party under the stars.",
                "When the {weather} cleared, {Hero} had done it: {he} {achieved}, and {town} threw a party under "
                "the stars.",
            ),
            "{Hero} {overcome}.",
            "And {he} was already dreaming of the next adventure.",
        ],
        "bridge": {"*": ["A few days later...", "And so, at last..."]},
        "m": [
            M(
                ["hero", "friend"],
                "The whole of {town} cheers as {Hero} and {Friend} walk back into the square, "
                "lanterns and garlands everywhere",
                [("hero", "Home at last!")],
                sfx="HOORAY!",
                cap="And so {Hero} came home.",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} raises a cup to {Hero} at the party in {town}",
                [("guest", "I knew you had it in you."), ("hero", "I couldn't have done it without you.")],
                p=2,
                only_if=("first_win", "help"),
            ),
            M(
                ["hero", "friend"],
                "Night: {Hero} and {Friend} sit on the hill above {town}, looking toward the horizon",
                [("friend", "So... where next?"), ("hero", "Everywhere.")],
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} turns up at the party in {town} with a sheepish wave to {Hero}",
                [("rival", "Room for one more?"), ("hero", "Always!")],
                p=3,
            ),
        ],
    },
}

BUILD = {
    "combos": {
        ("home", "trouble"): [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who dreamed of {goal_ing}.",
            "Day and night {he} worked, until at last it was ready.",
            "But at the big test, in front of everyone, {thing} {fails_past}.",
        ],
        ("climax", "ending"): [
            "On the night of {big_event}, {Hero} tried one last time, even as {weather_desc} blew in.",
            "{win_line}",
            "From then on, everyone in {town} wanted a turn.",
        ],
        ("home", "trouble", "climax", "ending"): [
            "{Hero}, {a_trait} {hero_sp} in {town}, set out to {goal}.",
            "The first try {fails_past} in front of everyone, but {Hero} didn't give up.",
            "At {big_event}, {thing} worked perfectly, and the whole town cheered.",
        ],
    },
    "cover": "{Hero} the {hero_sp} proudly shows off {thing} in front of {his} {workshop} in {town}, {Friend} the "
    "{friend_sp} cheering beside {him}, bright morning sun",
    "shorts": {
        "setup": "{Hero}, {a_trait} {hero_sp} in {town}, sets out to {goal}",
        "problem": "the first try {fails} in front of everyone",
        "turn": "at {big_event}, in the middle of {weather_desc}, {Hero} tries one last time",
        "end": "{thing} works better than anyone dreamed",
    },
    "home": {
        "beat": [
            "{Hero}, {a_trait} {hero_sp} in {town}, dreams of {goal_ing} and fills a whole notebook with plans.",
            "In {town}, {a_trait} {hero_sp} named {Hero} decides to {goal}, with a little help from {Friend}.",
        ],
        "nar": [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who was always making things.",
            "But {he} had one dream bigger than all the others: to {goal}.",
            (
                "friend",
                '"Can you really do it?" asked {his} best friend, {Friend}. "We\'ll find out," said {Hero}.',
                '"Can I really do it?" {he} wondered. There was only one way to find out.',
            ),
        ],
        "m": [
            M(
                ["hero"],
                "In a cluttered {workshop} in {town}, {Hero} the {hero_sp} scribbles plans for {a_thing} by lamplight",
                [
                    [("hero", "Someday I'll {goal}. The best {town} has ever seen.")],
                    [("hero", "This bit goes here... and that bit goes... there!")],
                ],
                cap="In {town} there lived {a_trait} {hero_sp} named {Hero}, who loved making things.",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} the {friend_sp} peers over {Hero}'s shoulder at a huge drawing of {a_thing}",
                [("friend", "Whoa. Can you really {goal}?"), ("hero", "{worry}")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} shake on it in the doorway of the {workshop}",
                [("friend", "Then I'm helping. No arguments."), ("hero", "Deal!")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} haul a wagon full of odds and ends into the {workshop} at sunset",
                [("friend", "Where do we even start?"), ("hero", "At the beginning!")],
                p=1,
                skip_if=("start", "spark"),
            ),
        ],
    },
    "spark": {
        "beat": ["{Hero} and {Friend} hunt through {parts_place} for everything they need."],
        "nar": [
            "The next day, {Hero} and {Friend} went hunting through {parts_place}.",
            "They found {parts}, and lots of things they didn't need at all.",
        ],
        "bridge": {"*": ["The next day...", "First, they needed supplies."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} dig through {parts_place} in {town}, heaps of odds and ends all around",
                [("friend", "What about this?"), ("hero", "Perfect! Wait, what is it?")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} pull a squeaky, overloaded wagon home along {street}",
                [("hero", "We've got everything!"), ("friend", "Including the kitchen sink.")],
                sfx="SQUEAK! SQUEAK!",
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} lays everything out on the floor of the {workshop} as {Friend} counts",
                [("friend", "...Forty-one, forty-two..."), ("hero", "Enough to start!")],
                p=3,
            ),
        ],
    },
    "start": {
        "beat": ["Day and night {Hero} {works} on {thing}, until at last it is ready for its very first try."],
        "nar": [
            "Day and night, {Hero} worked on {thing}.",
            "{work_sounds}",
            "At last, it was ready for its very first try.",
        ],
        "bridge": {"*": ["Day after day...", "For a whole week..."]},
        "m": [
            M(
                ["hero"],
                "In the {workshop}, {Hero} {works} on {a_thing}, surrounded by mess",
                [("hero", "Almost... almost...")],
                sfx="{work_sfx}",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} brings {Hero} a snack as {Hero} works late into the night in the {workshop}",
                [("friend", "You should sleep."), ("hero", "After this bit. Just this bit.")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} step back to admire the finished {thing_short} in the {workshop}",
                [("friend", "It's... beautiful."), ("hero", "It's ready.")],
                p=1,
            ),
        ],
    },
    "first_win": {
        "beat": [
            (
                "guest",
                "The first little test almost works, and {Guest} the {guest_sp} from next door says it "
                "shows real promise.",
                "The first little test almost works, and {Hero} and {Friend} dance around the {workshop}.",
            )
        ],
        "nar": [
            "The first little test almost worked.",
            "{small_win}",
            (
                "guest",
                '"That shows real promise," said {Guest} the {guest_sp} from next door.',
                "{Hero} and {Friend} danced around the {workshop}.",
            ),
        ],
        "bridge": {"*": ["Then came the first test.", "The next morning..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} hold their breath as {Hero} tries out {thing} for the first "
                "time in the {workshop}",
                [("friend", "Go on..."), ("hero", "Here goes nothing.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{small_win_scene}",
                [("hero", "It works! Well... a little bit!")],
                sfx="{work_sfx}",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} leans over the garden fence to watch {Hero}",
                [("guest", "Well now, that shows real promise."), ("hero", "Wait till you see the real thing!")],
                p=2,
            ),
        ],
    },
    "trouble": {
        "beat": [
            (
                "rival",
                "But at the big test, in front of everyone, {thing} {fails}, and {Rival} the {rival_sp} "
                "laughs loudest of all.",
                "But at the big test, in front of everyone in {town}, {thing} {fails}.",
            )
        ],
        "nar": [
            "Then came the big test, in front of everyone in {town}.",
            "And {thing} {fails_past}.",
            ("rival", "{Rival} the {rival_sp} laughed loudest of all.", "Somebody giggled. Then everybody did."),
        ],
        "bridge": {"*": ["Then came the big test.", "The whole town came to watch."]},
        "m": [
            M(
                ["hero"],
                "On {street}, a crowd from {town} gathers as {Hero} proudly shows off {thing}",
                [("hero", "Ladies and gentlemen... behold!")],
                p=1,
            ),
            M(
                ["hero"],
                "{Thing} {fails} as {Hero} covers {his} eyes",
                [("hero", "No, no, no, no...")],
                sfx="{fail_sfx}",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} points and laughs at {Hero} from the front of the crowd on {street}",
                [("rival", "HA! I knew it would never work!"), ("hero", "It... it worked in the {workshop}...")],
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "{Friend} puts a comforting hand on {Hero}'s shoulder on {street}",
                    [("friend", "Hey. It was a first try."), ("hero", "In front of EVERYONE.")],
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "{Hero} stands frozen in the middle of {street} as the crowd drifts away, giggling",
                [("hero", "Everyone saw...")],
                p=2,
            ),
        ],
    },
    "worse": {
        "beat": ["On the way home, what is left of {thing} falls apart completely, right in a puddle."],
        "nar": ["On the way home, what was left of {thing} fell apart completely.", "Right into a puddle."],
        "bridge": {"*": ["And then...", "On the way home..."]},
        "m": [
            M(
                ["hero"],
                "On the way home along {street}, the last piece of {thing} drops off at {Hero}'s feet",
                [("hero", "Of course.")],
                sfx="CLUNK.",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} carry a soggy pile of pieces back into the {workshop}",
                [("friend", "We can fix it."), ("hero", "Can we?")],
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} strolls past {Hero} with a smirk",
                [("rival", "Better luck never!")],
                p=2,
            ),
        ],
    },
    "low": {
        "beat": ["That night, {Hero} pushes the plans into a drawer and decides to give up for good."],
        "nar": [
            "That night, {Hero} pushed all the plans into a drawer.",
            '"Maybe I\'m just not a {hero_sp} who can {goal}," {he} said.',
        ],
        "bridge": {"*": ["That night...", "Later that night..."]},
        "m": [
            M(
                ["hero"],
                "Night: {Hero} sits alone in the dark {workshop}, the broken pieces in a heap",
                [("hero", "{doubt}")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} shoves the crumpled plans into a drawer and turns off the lamp",
                [("hero", "Maybe I'm just not a {hero_sp} who can {goal}.")],
                sfx="SLAM.",
                p=2,
            ),
            M(
                ["hero", "friend"],
                "Outside the dark {workshop}, {Friend} knocks softly while {Hero} sits inside with the lights off",
                [("friend", "{Hero}? You in there?")],
                p=3,
            ),
        ],
    },
    "help": {
        "beat": [
            (
                "guest",
                "{Friend} and {Guest} turn up with a basket of spare parts and a brand-new idea.",
                "{Friend} turns up with a basket of spare parts and a brand-new idea.",
            )
        ],
        "nar": [
            "In the morning, there was a knock at the door.",
            (
                "guest",
                "It was {Friend} and {Guest}, with a basket of spare parts.",
                "It was {Friend}, with a basket of spare parts.",
            ),
            '"{nudge}"',
        ],
        "bridge": {"*": ["In the morning...", "Knock, knock."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Friend} stands in the doorway of {Hero}'s {workshop} with a basket of spare parts, grinning",
                [("friend", "{nudge}"), ("hero", "{Friend}...")],
                sfx="KNOCK KNOCK!",
                p=1,
            ),
            M(
                ["hero", "friend", "guest"],
                "{Guest} the {guest_sp} peeks in behind {Friend}, holding up a big old toolbox for {Hero}",
                [("guest", "I used to build things too, you know."), ("hero", "You'd help me?")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} spread the old plans out again on the {workshop} table",
                [("hero", "What if... we did it differently?"), ("friend", "Now you're talking!")],
                p=2,
            ),
        ],
    },
    "plan": {
        "beat": ["Together they rebuild {thing}, stronger and smarter, with one clever new trick of {Hero}'s own."],
        "nar": [
            "Together, they rebuilt {thing} from the bottom up.",
            "This time, {Hero} added one clever new trick of {his} own.",
        ],
        "bridge": {"*": ["So they started again.", "And so, they began again."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} rebuild {thing} together in the busy {workshop}",
                [("friend", "What if we put this bit here?"), ("hero", "Yes! And I know just what else it needs!")],
                sfx="{work_sfx}",
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} adds a last clever piece to the new {thing_short} and steps back, smiling",
                [("hero", "Now it's ready.")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} hands {Hero} the very last piece as the sun rises over the {workshop}",
                [("friend", "Last piece."), ("hero", "Here goes everything.")],
                p=3,
            ),
        ],
    },
    "climax": {
        "beat": [
            "At {big_event}, {weather_desc} blows in just as {Hero} tries {thing} one last time, in front of "
            "the whole town."
        ],
        "nar": [
            "On the night of {big_event}, {Hero} tried one last time.",
            "Just then, {weather_desc} blew in, and {thing} began to wobble.",
            "Everyone held their breath.",
        ],
        "bridge": {"*": ["Then came {big_event}.", "On the night of {big_event}..."]},
        "m": [
            M(
                ["hero"],
                "Night, at {big_event} in {town}: {Hero} stands ready beside {thing} as a crowd gathers",
                [("hero", "One last try.")],
                p=1,
            ),
            M(
                ["hero"],
                "{weather_desc} sweeps across {town}, and {thing} starts to shake as {Hero} watches in horror",
                [("hero", "Not now... please, not now!")],
                sfx="{weather_sfx}",
                p=1,
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} watches {Hero} from the crowd, arms folded",
                [("rival", "Here we go again.")],
                p=2,
            ),
            M(
                ["hero"],
                "{Hero} holds {thing} steady with both {limbs}, {weather_kw} whipping past",
                [("hero", "Come on... come on... YOU CAN DO IT!")],
                sfx="CREAK!",
                p=1,
            ),
        ],
    },
    "triumph": {
        "beat": ["And this time, {thing} works, better than anyone dreamed, and the whole town gasps."],
        "nar": ["And this time, it worked.", "{win_line}", "The whole town gasped, then cheered."],
        "bridge": {"*": ["And then...", "And this time..."]},
        "m": [
            M(["hero"], "{win_scene}, {Hero} whooping with joy", [("hero", "IT WORKS!")], sfx="{win_sfx}", p=1),
            M(
                ["hero", "friend"],
                "{Friend} leaps up and down beside {Hero} in the cheering crowd of {town}",
                [("friend", "YOU DID IT!"), ("hero", "WE did it!")],
                p=1,
            ),
            M(
                ["hero", "rival"],
                "In the crowd, {Rival} the {rival_sp}'s jaw drops as {Hero} grins",
                [("rival", "Well... I'll be."), ("hero", "Want a turn?")],
                p=2,
            ),
        ],
    },
    "ending": {
        "beat": [
            (
                "stage:triumph",
                "From then on, everyone in {town} wants a turn, and {Hero} is already sketching the next big idea.",
                "This time {thing} works, better than anyone dreamed, and soon everyone in {town} wants a turn.",
            )
        ],
        "nar": [
            (
                "stage:triumph",
                "From then on, everyone in {town} wanted a turn.",
                "And this time, it worked. {win_line}",
            ),
            "{Hero} {overcome}.",
            "And {he} was already sketching the next big idea.",
        ],
        "bridge": {"*": ["From that day on...", "The next morning..."]},
        "m": [
            M(
                ["hero", "friend"],
                "Sunny morning in {town}: {Hero} and {Friend} with {thing}, a happy line of "
                "townsfolk waiting for a turn",
                [("friend", "There's a line all the way down {street}!"), ("hero", "Everyone gets a turn!")],
                p=1,
                cap="From then on, everyone in {town} wanted a turn.",
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} takes a turn while {Hero} looks on, and can't stop grinning",
                [("rival", "Again! Again!")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "Back in the {workshop}, {Hero} unrolls a brand-new plan as {Friend} groans happily",
                [("hero", "So... I had another idea."), ("friend", "Of course you did.")],
                p=1,
            ),
        ],
    },
}

GROW = {
    "combos": {
        ("home", "trouble"): [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who wanted to {goal} more than anything.",
            "But every time {he} tried, it went wrong.",
            ("rival", "And {Rival} the {rival_sp} laughed every time.", "And {big_event} was only days away."),
        ],
        ("climax", "ending"): [
            "On the night of {big_event}, {weather_desc} swept over {town}, and someone cried for help.",
            "{Hero} took a deep breath, and at last {he} did it.",
            "From that day on, {Hero} {achieved_final}.",
        ],
        ("home", "trouble", "climax", "ending"): [
            "{Hero}, {a_trait} {hero_sp} in {town}, wanted to {goal} more than anything.",
            "Every try went wrong, until the night {weather_desc} struck and someone needed help.",
            "{Hero} took a deep breath and did it, and from that day on, {he} {achieved_final}.",
        ],
    },
    "cover": "{Hero} the {hero_sp} stands bravely in the middle of {street} in {town}, looking up with a hopeful "
    "smile, {Friend} the {friend_sp} cheering beside {him}, bright sky",
    "shorts": {
        "setup": "{Hero}, {a_trait} {hero_sp} in {town}, wants to {goal} more than anything",
        "problem": "every try goes wrong in front of everyone",
        "turn": "at {big_event}, in the middle of {weather_desc}, {Hero} is the only one who can help",
        "end": "{he} {achieves} at last, and the whole town cheers",
    },
    "home": {
        "beat": [
            "{Hero}, {a_trait} {hero_sp} in {town}, wants to {goal} more than anything, but every try ends in "
            "a tumble.",
            "In {town}, {a_trait} {hero_sp} named {Hero} dreams of one thing: to {goal}.",
        ],
        "nar": [
            "In {town} there lived {a_trait} {hero_sp} named {Hero}, who wanted to {goal} more than anything.",
            "But every time {he} tried, it went wrong.",
            (
                "friend",
                "\"You'll get there,\" said {his} best friend {Friend}. {Hero} wasn't so sure.",
                '"Maybe next time," {he} sighed.',
            ),
        ],
        "m": [
            M(
                ["hero"],
                "{Hero} the {hero_sp} watches from beside {landmark} in {town}, chin in {his} {limbs}",
                [[("hero", "If only I could {skill}...")], [("hero", "Everyone else can {skill}. Why can't I?")]],
                cap="In {town} there lived {a_trait} {hero_sp} named {Hero}.",
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} tries with all {his} might to {skill} and ends up in a tangled heap on {street}",
                [("hero", "Oof. Not again.")],
                sfx="CRASH!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} the {friend_sp} helps {Hero} up and brushes off the {ground}",
                [("friend", "You okay?"), ("hero", "{doubt}")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} sit on a wall on {street} at sunset",
                [("friend", "You'll get there. I know you will."), ("hero", "I hope so.")],
                p=2,
            ),
        ],
    },
    "spark": {
        "beat": [
            (
                "guest",
                "{Hero} asks wise old {Guest} the {guest_sp} for help, and {Guest} agrees to teach {him}.",
                "{Hero} decides to practise every single day until {he} can {skill}.",
            )
        ],
        "nar": [
            (
                "guest",
                "So {Hero} went to see {Guest} the {guest_sp}, the wisest in all of {town}.",
                "So {Hero} made up {his} mind to practise every single day.",
            ),
            (
                "guest",
                '"Can you teach me?" {he} asked. {Guest} smiled. "Let\'s begin."',
                '"Every. Single. Day," {he} told {himself}.',
            ),
        ],
        "bridge": {"*": ["The next day...", "So..."]},
        "m": [
            M(
                ["hero", "guest"],
                "{Hero} knocks on the round door of {Guest} the {guest_sp}'s cottage in {town}",
                [("hero", "Please... can you teach me to {skill}?"), ("guest", "Hmm. Let's see what you can do.")],
                sfx="KNOCK KNOCK!",
                p=1,
                alt=M(
                    ["hero"],
                    "{Hero} pins a practice calendar to the wall of {his} room in {town}",
                    [("hero", "Every single day. No excuses.")],
                    p=1,
                ),
            ),
            M(
                ["hero", "friend"],
                "{Hero} tells {Friend} the big plan on the front steps in {town}",
                [
                    ("hero", "I'm going to practise every single day."),
                    ("friend", "Then I'll be there every single day."),
                ],
                p=2,
            ),
        ],
    },
    "start": {
        "beat": ["{Hero} practises from morning till night, and falls down more times than {he} can count."],
        "nar": [
            "{Hero} practised from morning till night.",
            "{He} fell down. {He} got up. {He} fell down again.",
            "But every day, {he} got a tiny bit better.",
        ],
        "bridge": {"*": ["Every day after that...", "Day after day..."]},
        "m": [
            M(
                ["hero"],
                "{Hero} practises in a sunny meadow outside {town}, wobbling",
                [("hero", "Steady... steady...")],
                p=1,
            ),
            M(["hero"], "{Hero} lands in a bush in the meadow with a crunch", [("hero", "Ow.")], sfx="CRUNCH!", p=1),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} gives {Hero} a tip in the meadow",
                [("guest", "Don't try so hard. Just breathe."), ("hero", "Breathe. Right.")],
                p=2,
                alt=M(
                    ["hero", "friend"],
                    "{Friend} cheers {Hero} on from the edge of the meadow",
                    [("friend", "Better than yesterday!"), ("hero", "Really?!")],
                    p=2,
                ),
            ),
        ],
    },
    "first_win": {
        "beat": [
            "One morning, for just a moment, {Hero} gets it right, and {Friend} whoops so loud the birds fly off."
        ],
        "nar": [
            "And then one morning, for just a moment, {Hero} got it right.",
            "It was only a moment. But it was a start.",
        ],
        "bridge": {"*": ["And then, one morning...", "Until one day..."]},
        "m": [
            M(
                ["hero"],
                "In the morning light, {Hero} gets it right for one wonderful moment in the meadow",
                [("hero", "I... I did it! Sort of!")],
                sfx="WHOA!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} whoops and cheers for {Hero} at the edge of the meadow",
                [("friend", "You DID it!"), ("hero", "For about one second!")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} lies in the long grass of the meadow, grinning up at the sky",
                [("hero", "I did it. I actually did it!")],
                p=3,
            ),
        ],
    },
    "trouble": {
        "beat": [
            (
                "rival",
                "But {Rival} the {rival_sp} laughs that {Hero} will never manage it, and {big_event} is "
                "only days away.",
                "But {big_event} is only days away, and {Hero} is nowhere near ready.",
            )
        ],
        "nar": [
            ("rival", "But {Rival} the {rival_sp} just laughed.", "But {big_event} was only days away."),
            (
                "rival",
                '"You? {Skill}? Don\'t make me laugh," {Rival} said, in front of everyone.',
                "And {Hero} still couldn't {skill}, not properly.",
            ),
            "{Hero}'s cheeks burned.",
        ],
        "bridge": {"*": ["But then...", "But the next day..."]},
        "m": [
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} smirks at {Hero} on {street} in front of a crowd",
                [("rival", "You? {Skill}? Don't make me laugh."), ("hero", "I... I'm getting better.")],
                p=1,
                alt=M(
                    ["hero"],
                    "{Hero} stares at a bright banner for {big_event} strung across {street}",
                    [("hero", "It's only days away... and I'm not ready.")],
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "{Hero} tries again on {street} and tumbles in front of the crowd",
                [("hero", "Oh no...")],
                sfx="THUD!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} glares at the giggling crowd on {street} and stands by {Hero}",
                [("friend", "Leave {Hero} alone!")],
                p=2,
            ),
        ],
    },
    "worse": {
        "beat": ["The harder {Hero} tries, the worse it goes, until {he} can't even do it in the meadow any more."],
        "nar": ["The harder {Hero} tried, the worse it went.", "Soon {he} couldn't even do it in the meadow."],
        "bridge": {"*": ["And it got worse.", "After that..."]},
        "m": [
            M(
                ["hero"],
                "Rain falls on the empty meadow as {Hero} tries again and slips in the mud",
                [("hero", "Why can't I do it any more?")],
                sfx="SPLAT!",
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} holds an umbrella over {Hero} in the muddy meadow",
                [("friend", "Come on, let's go home."), ("hero", "Just one more try...")],
                p=2,
            ),
            M(
                ["hero"],
                "{Hero} trudges home alone along {street} in the rain",
                [("hero", "Maybe I'm just not meant to.")],
                p=2,
            ),
        ],
    },
    "low": {
        "beat": [
            "That night, {Hero} decides that {he} will never {skill}, and that {he} won't even go to {big_event}."
        ],
        "nar": [
            "That night, {Hero} curled up in {his} bed in {town}.",
            '"I\'ll never {skill}," {he} whispered. "I\'m not even going to {big_event}."',
        ],
        "bridge": {"*": ["That night...", "Later..."]},
        "m": [
            M(
                ["hero"],
                "Night: {Hero} curls up alone by the window in {town}, looking at the moon",
                [("hero", "{doubt}")],
                p=1,
            ),
            M(
                ["hero"],
                "{Hero} pushes all {his} practice things under the bed and turns out the light",
                [("hero", "I'm done trying.")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Friend} taps on {Hero}'s window in the moonlight",
                [("friend", "{Hero}! Don't you dare give up!")],
                p=3,
            ),
        ],
    },
    "help": {
        "beat": [
            (
                "guest",
                "{Friend} and {Guest} remind {Hero} that nobody gets it right without getting it wrong first.",
                "{Friend} reminds {Hero} that nobody gets it right without getting it wrong first.",
            )
        ],
        "nar": [
            "The next morning, {Friend} knocked on the door.",
            '"{nudge}" {Friend} said.',
            (
                "guest",
                'And {Guest} added, "Nobody gets it right without getting it wrong first."',
                '"Nobody gets it right without getting it wrong first."',
            ),
        ],
        "bridge": {"*": ["The next morning...", "But in the morning..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{Friend} sits with {Hero} on the doorstep in the morning sun",
                [("friend", "{nudge}"), ("hero", "You really think so?")],
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} smiles kindly at {Hero}",
                [("guest", "Nobody gets it right without getting it wrong first."), ("hero", "...One more try, then.")],
                p=2,
            ),
            M(
                ["hero", "friend"],
                "{Hero} and {Friend} walk back to the meadow together, side by side",
                [("hero", "One more try. For real this time."), ("friend", "That's the spirit!")],
                p=3,
            ),
        ],
    },
    "plan": {
        "beat": ["{Hero} stops trying to do it like everyone else and finds {his} very own way."],
        "nar": ["So {Hero} stopped trying to do it like everyone else.", "{He} tried it {his} own way instead."],
        "bridge": {"*": ["So {Hero} tried something new.", "And then {Hero} had an idea."]},
        "m": [
            M(
                ["hero"],
                "{Hero} practises {his} own way in the quiet meadow at sunrise, smiling for once",
                [("hero", "Oh! Like THIS!")],
                p=1,
            ),
            M(
                ["hero", "friend"],
                "{Friend} watches {Hero} practise in the meadow, jaw dropping",
                [("friend", "Whoa! Do that again!")],
                p=2,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} nods proudly as {Hero} practises in the meadow",
                [("guest", "Now you've found your own way.")],
                p=3,
            ),
        ],
    },
    "climax": {
        "beat": [
            (
                "rival",
                "At {big_event}, {weather_desc} strikes, {Rival} is in trouble, and only {Hero} can help by "
                "finally doing what {he} practised.",
                "At {big_event}, {weather_desc} strikes, and only {Hero} can help by finally doing what {he} "
                "practised.",
            )
        ],
        "nar": [
            "On the night of {big_event}, {weather_desc} swept over {town}.",
            (
                "rival",
                "Everyone ran for cover, except {Rival}, who was stuck and calling for help.",
                "Everyone ran for cover, and in the confusion, someone cried for help.",
            ),
            "{Hero} took a deep breath. It was now or never.",
        ],
        "bridge": {"*": ["Then came {big_event}.", "On the night of {big_event}..."]},
        "m": [
            M(
                ["hero"],
                "Night: at {big_event} in {town}, {Hero} looks up as {weather_desc} breaks and the lanterns "
                "swing wildly",
                [("hero", "Oh no... everyone, get inside!")],
                sfx="{weather_sfx}",
                p=1,
            ),
            M(
                ["rival"],
                "{Rival} the {rival_sp} is stuck on top of {landmark} in the {weather_kw}, calling for help",
                [("rival", "HELP! Somebody!")],
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "{Hero} spots {Friend} stuck on top of {landmark} in the {weather_kw}, calling for help",
                    [("friend", "{Hero}! HELP!")],
                    p=1,
                ),
            ),
            M(
                ["hero"],
                "Close-up of {Hero} in the {weather_kw}, eyes shut, taking one deep breath",
                [[("hero", "Now or never.")], [("hero", "Just breathe. You can do this.")]],
                p=2,
            ),
            M(["hero"], "{Hero} {act} of {town}", [("hero", "I'M COMING!")], sfx="WHOOOOSH!", p=1),
        ],
    },
    "triumph": {
        "beat": [
            (
                "rival",
                "{Hero} {achieves}, saves {Rival}, and the whole of {town} cheers.",
                "{Hero} {achieves} at last, saves the day, and the whole of {town} cheers.",
            )
        ],
        "nar": [
            "{Hero} did it.",
            (
                "rival",
                "{He} reached {Rival} just in time and brought {Rival} safely down.",
                "{He} reached {Friend} just in time and brought {Friend} safely down.",
            ),
            "The whole of {town} cheered.",
        ],
        "bridge": {"*": ["And then...", "In a flash..."]},
        "m": [
            M(
                ["hero", "rival"],
                "{Hero} brings {Rival} the {rival_sp} safely down from {landmark} as the {weather} clears",
                [("rival", "You... you saved me. Thank you, {Hero}."), ("hero", "That's what friends are for.")],
                p=1,
                alt=M(
                    ["hero", "friend"],
                    "{Hero} brings {Friend} safely down from {landmark} as the {weather} clears",
                    [("friend", "You did it! You really did it!"), ("hero", "I did it!")],
                    p=1,
                ),
            ),
            M(
                ["hero", "friend"],
                "{Friend} leads the whole crowd in a cheer for {Hero} in the square of {town}",
                [("friend", "THREE CHEERS FOR {HERO}!")],
                sfx="HOORAY!",
                p=1,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} wipes away a proud tear in the crowd as {Hero} beams",
                [("guest", "That's my star pupil!")],
                p=3,
            ),
        ],
    },
    "ending": {
        "beat": [
            (
                "stage:triumph",
                "From that day on, {Hero} {final_now}, and {he} never forgets who helped {him} get there.",
                "{Hero} {achieves} and saves the day, and from then on {he} {final_now}.",
            )
        ],
        "nar": [
            (
                "stage:triumph",
                "From that day on, {Hero} {achieved_final}.",
                "{Hero} did it, just in time, and the whole of {town} cheered.",
            ),
            ("stage:triumph", "{Hero} {overcome}.", "From that day on, {Hero} {achieved_final}."),
            (
                "friend",
                "And {he} never forgot who had cheered loudest: {Friend}.",
                "And {he} never forgot how far {he} had come.",
            ),
        ],
        "bridge": {"*": ["From that day on...", "And ever after..."]},
        "m": [
            M(
                ["hero", "friend"],
                "{ending_sky} in {town}: {Hero} {show3} with a huge smile as {Friend} cheers",
                [("friend", "Look at you go!"), ("hero", "I can't believe it's me!")],
                p=1,
                cap="From that day on, {Hero} {achieved_final}.",
            ),
            M(
                ["hero", "rival"],
                "{Rival} the {rival_sp} shyly asks {Hero} for a lesson on {street}",
                [("rival", "Could you... maybe teach me?"), ("hero", "Of course!")],
                p=2,
            ),
            M(
                ["hero", "guest"],
                "{Guest} the {guest_sp} beams proudly at {Hero}",
                [("guest", "I always knew you could."), ("hero", "Thank you for believing in me.")],
                p=2,
            ),
        ],
    },
}

PLOTS = {"shop": SHOP, "race": RACE, "quest": QUEST, "build": BUILD, "grow": GROW}

# More ways to say the same moment, so another seed reads differently. Keyed by the
# moment's existing first line; the page's rng picks one exchange per panel.
_MORE_LINES: dict[str, list[list[tuple[str, str]]]] = {
    # shop
    "You've been staring at that shop all week, {Hero}.": [
        [("friend", "There you are! Still dreaming about that old shop?"), ("hero", "It's not old. It's... waiting.")],
        [("friend", "{Hero}, you're steaming up the window again."), ("hero", "Sorry! I just love it so much.")],
    ],
    "{Hero}, this place is going to be wonderful! Pass me that broom.": [
        [("friend", "Cobwebs, dust, one very surprised spider... perfect!"), ("hero", "{worry}")],
        [("friend", "Sweep, scrub, shine! It's coming along!"), ("hero", "{worry}")],
    ],
    "Tomorrow's the big day!": [
        [("friend", "Look at it, {Hero}! It's really yours!"), ("hero", "It's really mine. Gulp.")],
    ],
    "Hello! Would you like to... oh. Never mind.": [[("hero", "Good morn- ...and they're gone.")]],
    "{Hero}? What are you doing down there?": [
        [("friend", "{Hero}, come out. Please?"), ("hero", "Everyone's scared of me. Even my teacups are shaking.")],
    ],
    "Every light in {town} has gone out!": [[("hero", "Oh no... the whole town's gone dark!")]],
    "{Hero}! Everyone's freezing in the dark!": [
        [
            ("friend", "The lamps are out, the stoves are out... everyone's so cold!"),
            ("hero", "Not in here, they won't be."),
        ],
    ],
    "EVERYONE! IN HERE! IT'S WARM, AND THERE'S {PRODUCT}!": [
        [("hero", "THIS WAY! COME INSIDE! THERE'S {PRODUCT} FOR EVERYONE!")],
    ],
    "Oh, thank goodness! A light!": [
        [("guest", "Is there room for a soggy old {guest_sp}?"), ("hero", "Always! Come and get warm!")],
    ],
    "Best {product} I've ever had!": [
        [("guest", "Why didn't anyone tell me about this place?"), ("friend", "We tried!")],
    ],
    "Good morning! Come in, come in!": [[("hero", "Hello! Welcome! ...See? I said it!")]],
    "To {place}!": [[("friend", "Look at this place, {Hero}. You did it."), ("hero", "We did it. Cheers!")]],
    # race
    "Too slow, {Hero}! That trophy's mine this year!": [[("opp", "Eat my dust, {Hero}!"), ("hero", "Not for long!")]],
    "May the best racer win.": [
        [("hero", "See you at the finish line."), ("opp", "I'll be waiting. For ages.")],
    ],
    "See you at {finish}, slowpoke!": [
        [("opp", "Bye-bye, {Hero}!"), ("hero", "Wait for me! I mean... don't!")],
    ],
    "Wait... which way is {finish}?!": [[("hero", "Left? Right? Oh, bother!")]],
    "I can't see a thing!": [[("hero", "Keep going... keep going...")]],
    "{Hero}! I'm stuck! Go on, you can still win!": [[("opp", "Don't stop for me! Win it!"), ("hero", "...")]],
    "Hold on! We finish this together!": [[("hero", "Grab on! Nobody gets left behind!")]],
    "Why did you come back for me?": [[("opp", "You could have won!"), ("hero", "I'd rather win WITH you.")]],
    "Next year, I'm winning.": [[("opp", "Best race ever."), ("hero", "Best friend ever.")]],
    "Race you home?": [[("hero", "Last one home is a soggy biscuit!"), ("opp", "Hey! No head starts!")]],
    # quest
    "A map... and {relic}! It's a sign!": [[("hero", "What's this? A map... of {wild}!")]],
    "You're really going to {goal}?": [
        [("friend", "You're really going? Right now?"), ("hero", "Right now. Before I lose my nerve.")],
    ],
    "THIS WAY!": [[("hero", "Follow the light!")]],
    # build
    "IT WORKS!": [[("hero", "LOOK AT IT GO!")]],
    "YOU DID IT!": [[("friend", "I knew it! I KNEW it!"), ("hero", "We did it!")]],
    # grow
    "Oof. Not again.": [[("hero", "Ouch. Maybe tomorrow.")]],
    "You okay?": [[("friend", "That was... a really good try!"), ("hero", "{doubt}")]],
}


def _merge_more_lines() -> None:
    for plot in PLOTS.values():
        for stage in STAGES:
            for moment in plot[stage]["m"]:
                for m in (moment, moment["alt"]):
                    if not m or not m["lines"]:
                        continue
                    options = m["lines"] if isinstance(m["lines"][0], list) else [list(m["lines"])]
                    more = _MORE_LINES.get(options[0][0][1])
                    if more:
                        m["lines"] = options + [list(o) for o in more]


_merge_more_lines()


# ---------------------------------------------------------------------------
# Which stages a story of N pages tells
# ---------------------------------------------------------------------------

_GROUPS: dict[int, list[tuple[str, ...]]] = {
    1: [("home", "trouble", "climax", "ending")],
    2: [("home", "trouble"), ("climax", "ending")],
    3: [("home",), ("trouble",), ("climax", "ending")],
    4: [("home",), ("trouble",), ("climax",), ("ending",)],
    5: [("home",), ("start",), ("trouble",), ("climax",), ("ending",)],
    6: [("home",), ("start",), ("trouble",), ("low",), ("climax",), ("ending",)],
    7: [("home",), ("start",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    8: [("home",), ("start",), ("first_win",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    9: [("home",), ("spark",), ("start",), ("first_win",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    10: [
        ("home",),
        ("spark",),
        ("start",),
        ("first_win",),
        ("trouble",),
        ("worse",),
        ("low",),
        ("help",),
        ("climax",),
        ("ending",),
    ],
    11: [
        ("home",),
        ("spark",),
        ("start",),
        ("first_win",),
        ("trouble",),
        ("worse",),
        ("low",),
        ("help",),
        ("climax",),
        ("triumph",),
        ("ending",),
    ],
    12: [(stage,) for stage in STAGES],
}
# When a page has fewer panels than stages, the most important stages win.
_RANK = {
    "ending": 0,
    "climax": 1,
    "home": 2,
    "trouble": 3,
    "triumph": 4,
    "low": 5,
    "help": 6,
    "first_win": 7,
    "start": 8,
    "worse": 9,
    "plan": 10,
    "spark": 11,
}


def stage_groups(pages: int) -> list[tuple[str, ...]]:
    """The stages each page tells, for a story of ``pages`` pages (1-12; larger repeats nothing)."""
    pages = max(1, int(pages))
    if pages in _GROUPS:
        return list(_GROUPS[pages])
    # More than 12 pages: stretch the middle with extra trouble and help.
    groups = list(_GROUPS[12])
    extra = pages - 12
    middle = [("worse",), ("help",), ("plan",), ("low",)]
    for i in range(extra):
        groups.insert(6 + i, middle[i % len(middle)])
    return groups


# ---------------------------------------------------------------------------
# The story world
# ---------------------------------------------------------------------------

_RELICS = [
    "an old brass lantern",
    "a glowing compass",
    "a jar of fireflies",
    "a shimmering moonstone",
    "a star-shaped crystal",
]
_DESTS = {
    "village": ["the top of Misty Hill", "the ruined tower on the hill"],
    "forest": ["the Hollow Oak at the heart of the forest", "the Whispering Falls"],
    "desert": ["the Lost Oasis", "the Sunken Temple"],
    "sea": ["Mist Island", "the Kraken's Cave by the sea"],
    "space": ["the far side of the moon in outer space", "the Crystal Comet in outer space"],
    "city": ["the top of the old clock tower", "the forgotten subway station"],
    "mountain": ["the Frozen Summit", "the Dragon's Cave"],
    "snow": ["the Ice Palace", "the top of the Glittering Glacier"],
    "castle": ["the Tower of Whispers", "the Dragon Hills"],
    "school": ["the locked room at the top of the school", "the old attic"],
    "farm": ["the top of the old windmill", "the far fields"],
}
_WILD_DESC = {
    "village": "where the path grows thinner with every step",
    "forest": "where the trees grow tall and dark",
    "desert": "where the dunes roll on forever",
    "sea": "where the waves grow taller and wilder",
    "space": "where the stars feel close enough to touch",
    "city": "where the streetlights flicker out",
    "mountain": "where the air grows thin and cold",
    "snow": "where the snow never melts",
    "castle": "where the old stories begin",
    "school": "where nobody has been for years",
    "farm": "where the tall grass whispers",
}
_GROUND = {
    "village": "dust",
    "forest": "leaves",
    "desert": "sand",
    "sea": "sand",
    "space": "moondust",
    "city": "puddle water",
    "mountain": "gravel",
    "snow": "snow",
    "castle": "dust",
    "school": "dust",
    "farm": "mud",
}
_RACE_LAND = {
    "village": "Village",
    "forest": "Forest",
    "desert": "Desert",
    "sea": "Seaside",
    "space": "Moon",
    "city": "City",
    "mountain": "Mountain",
    "snow": "Snow",
    "castle": "Kingdom",
    "school": "School",
    "farm": "Farm",
}
_EVENTS = [
    "the Summer Fair",
    "the Lantern Festival",
    "the Harvest Fair",
    "the Midsummer Festival",
    "the Great Spring Show",
]
_DEFAULT_GOALS = [
    "find the lost Moonpetal Flower",
    "find the fallen star",
    "find the hidden treasure of {town}",
    "bring back the stolen sunshine",
    "find the end of the rainbow",
]
_ADVERSARIAL = {
    "fight",
    "defeat",
    "battle",
    "beat",
    "stop",
    "outsmart",
    "trick",
    "blow",
    "sink",
    "catch",
    "chase",
    "escape",
    "flee",
    "steal",
    "hunt",
}
_REACH_VERBS = {
    "climb",
    "cross",
    "reach",
    "travel",
    "visit",
    "explore",
    "see",
    "go",
    "sail",
    "fly",
    "journey",
    "wander",
    "hike",
    "trek",
    "roam",
    "voyage",
    "head",
    "walk",
    "ride",
    "run",
    "swim",
}
_FLYING = {
    "rocket",
    "plane",
    "airplane",
    "kite",
    "balloon",
    "spaceship",
    "glider",
    "helicopter",
    "spacecraft",
    "airship",
    "jetpack",
}
_PHYSICAL = {
    "fly",
    "swim",
    "climb",
    "jump",
    "skate",
    "ski",
    "ride",
    "run",
    "dive",
    "surf",
    "glide",
    "hop",
    "dance",
    "roar",
    "float",
    "skateboard",
    "cartwheel",
    "balance",
    "whistle",
    "sing",
    "juggle",
}
_ROLE_FALLBACK = {
    "Friend": "a friend",
    "Guest": "a neighbour",
    "Rival": "a grumpy neighbour",
    "Opp": "a rival",
    "Ally": "a friend",
}


def _name_pronoun(name: str) -> str:
    """ "she" or "he" for a name that reads as one ("Tilly", "Otto", "Luna"), else ''."""
    first = (name.split() or [""])[0].strip(".,'’").lower()
    if first in _NAME_PRONOUN:
        return _NAME_PRONOUN[first]
    if len(first) > 2 and first.isalpha() and first.endswith("a"):
        return "she"
    return ""


def _pronoun_for(idea: Idea, member: Member) -> str:
    """The hero's one pronoun, from what the plan and every page both know: the idea, the name, the look.

    A gendered body in the look (girl, king) wins, then the idea's own he/she, then the creature's
    default (a witch), then the name (Tilly is "she", Otto "he"), then a coin flipped on the name.
    """
    return (
        _strong_pronoun(member.look)
        or idea.pronoun
        or SPECIES.get(member.species, {}).get("pronoun")
        or _name_pronoun(member.name)
        or ("she", "he")[_stable_int("pronoun", member.name.strip().lower()) % 2]
    )


def _label_for(idea: Idea, member: Member, role: str) -> str:
    """What the story calls a cast member: the idea's own words when its look still fits them."""
    if role == "hero" or (role == "friend" and idea.plural and not idea.partner_species):
        if idea.label and member.species == idea.species:
            return idea.label
    elif role == "friend" and idea.partner_label and member.species == idea.partner_species:
        return idea.partner_label
    return member.species or "friend"


_POSSESSIVE = re.compile(r"\b(?:his|her|their|its)\b(?=\s+(?!(?:and|or|to|for|with|in|on|at|by|from)\b)[^\W\d_])", re.I)


def _own_slot(goal: str) -> str:
    """The goal with the hero's own possessive as a slot: "find his hat" -> "find {own} hat".

    After another creature it is theirs: "help the dragon find her egg" keeps "her".
    """
    other = next((m.start() for m in _TOKEN.finditer(goal) if _species_of(m.group(0))), len(goal))
    return _POSSESSIVE.sub(lambda m: "{own}" if m.start() < other else m.group(0), goal)


def _pronouns(p: str) -> dict[str, str]:
    he, him, his, himself = ("she", "her", "her", "herself") if p == "she" else ("he", "him", "his", "himself")
    return {"he": he, "him": him, "his": his, "himself": himself, "He": he.capitalize(), "His": his.capitalize()}


@dataclass
class Member:
    name: str
    look: str
    species: str


def _species_in_look(look: str) -> str:
    for w in _TOKEN.findall(look.lower()):
        found = _species_of(w)
        if found and found[0] != "*adult":
            return found[0]
    return ""


def _roles_for(plot: str, n: int, plural: bool) -> list[str]:
    if n >= 4:
        return ["hero", "friend", "guest", "rival"]
    if n == 3:
        return ["hero", "friend", "rival"] if plot == "race" and not plural else ["hero", "friend", "guest"]
    return ["hero", "friend"][:n]


def _recover(options: list[str], text: str, rng: random.Random, fmt: dict[str, str] | None = None) -> str:
    """The option the plan's text already used (so pages agree with beats), else a fresh pick."""
    lowered = text.lower()
    for option in options:
        probe = option.format_map(_Slots(fmt or {})) if "{" in option else option
        if probe.lower() in lowered:
            return option
    return rng.choice(options)


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Story:
    """One story world: cast with roles, setting, and every slot the plots use."""

    def __init__(self, idea: Idea, cast: list[Member], context_text: str = ""):
        self.idea = idea
        self.cast = cast
        plot = idea.plot
        self.plot = plot
        self.content = PLOTS[plot]
        self.all_stages: set[str] = set()
        names = tuple(m.name for m in cast)
        world = _rng("world", idea.text, names)
        text = context_text

        roles = _roles_for(plot, len(cast), idea.plural)
        self.role: dict[str, Member | None] = {r: None for r in ("hero", "friend", "guest", "rival")}
        for role, member in zip(roles, cast, strict=False):
            self.role[role] = member
        hero = self.role["hero"] or Member("Pip", "", idea.species or "fox")
        friend, rival = self.role["friend"], self.role["rival"]
        # Race roles: who you race against and who cheers you on.
        pair = plot == "race" and (idea.plural or rival is None)
        opp = friend if pair else rival
        ally = friend if not pair else None
        racer3 = rival if (plot == "race" and pair) else None
        self.role.update(opp=opp, ally=ally, racer3=racer3)
        self.pair = pair

        setting_key = idea.setting if idea.setting in SETTINGS else "village"
        setting = SETTINGS[setting_key]
        self.setting_key = setting_key
        if not (idea.pronoun or SPECIES.get(hero.species, {}).get("pronoun")):
            world.choice(["she", "he"])  # (keeps the later draws where they were before names chose pronouns)
        pronoun = _pronoun_for(idea, hero)
        self.pronoun = pronoun
        c: dict[str, str] = _pronouns(pronoun)
        c["Hero"] = hero.name
        c["HERO"] = hero.name.upper()
        for role, key in (
            ("friend", "Friend"),
            ("guest", "Guest"),
            ("rival", "Rival"),
            ("opp", "Opp"),
            ("ally", "Ally"),
        ):
            member = self.role[role]
            c[key] = member.name if member else _ROLE_FALLBACK[key]
            c[role + "_sp"] = _label_for(idea, member, role) if member else "friend"
        if plot == "race" and pair and racer3 is not None:
            c["Rival"], c["rival_sp"] = racer3.name, _label_for(idea, racer3, "rival")
        hero_sp = hero.species or "friend"
        c["hero_sp"] = _label_for(idea, hero, "hero") if self.role["hero"] else hero_sp
        # What the hero's words call their own things: "find his hat" / "I'll find my hat".
        c["own"] = "their" if idea.plural and len(cast) > 1 else c["his"]
        self.own_said = ("our" if c["own"] == "their" else "my", "your")

        town = _recover(setting["towns"], text, world)
        c["town"] = town
        c["land"] = setting["land"]
        c["street"] = _recover(setting["streets"], text, world)
        landmarks = list(setting["landmarks"])
        finish = _recover(landmarks, text, world) if plot == "race" else world.choice(landmarks)
        others = [x for x in landmarks if x != finish] or landmarks
        c["finish"] = finish
        c["landmark"] = _recover(others, text, world) if plot != "race" else world.choice(others)
        c["wild"] = _recover(setting["wilds"], text, world)
        c["wild_desc"] = _WILD_DESC[setting_key]
        c["ground"] = _GROUND[setting_key]
        weathers = setting["weather"]
        wdescs = [w[1] for w in weathers]
        wdesc = _recover(wdescs, text, world)
        weather = weathers[wdescs.index(wdesc)]
        c["weather"], c["weather_desc"], c["weather_kw"], c["weather_sfx"] = weather

        # The hero's personality.
        trait = idea.trait
        if not trait:
            candidates = [t for t in TRAITS if re.search(rf"\b{t}\b", text.lower())]
            named = rf"(?:{re.escape(hero_sp)}|{re.escape(c['hero_sp'])})"
            hint = next((t for t in candidates if re.search(rf"\b{t} {named}\b", text.lower())), "")
            trait = hint or world.choice(_DEFAULT_TRAITS[plot])
        self.trait = trait
        info = TRAITS.get(_TRAIT_ALIASES.get(trait, trait), _GENERIC_TRAIT)
        c["trait"] = trait
        c["a_trait"] = _a(trait)
        c["doubt"], c["nudge"], c["overcome"] = info["doubt"], info["nudge"], info["overcome"]
        c["worry"] = info.get("worry") or _WORRIES.get(_TRAIT_ALIASES.get(trait, trait), _WORRIES[""])

        sp = SPECIES.get(hero_sp, SPECIES["fox"])
        c["limbs"] = sp["limbs"]
        c["move"] = sp["move"]
        c["move_plain"] = _base_verb(sp["move"])
        opp_sp = SPECIES.get(c["opp_sp"], sp)
        c["opp_move"] = opp_sp["move"]
        c["move_sfx"] = "VROOM!" if hero_sp == "robot" else "WHOOSH!"
        # A job brings its own tricks: a kitten ninja flips over walls, a cat wizard casts spells.
        job = SPECIES.get(idea.role, {}) if idea.role and idea.role in hero.look.lower() else {}
        if job.get("glow") and not sp["glow"]:
            sp = dict(sp, glow=job["glow"], power_sfx=job["power_sfx"])
        if job.get("power"):
            sp = dict(sp, power=job["power"])
        c["glow"] = sp["glow"] or "lights every lantern {he} can find"
        c["glow_sfx"] = sp["power_sfx"] if sp["glow"] else "FLICK!"
        c["power"] = sp["power"] or "finds a clever way"
        c["pull"] = {
            "robot": "winds out {his} steel cable",
            "dragon": "flaps {his} wings with all {his} might",
            "bear": "digs in {his} big paws",
            "elephant": "wraps {his} trunk around tight",
            "octopus": "wraps all eight arms around tight",
        }.get(hero_sp, "grabs hold with both {limbs}")

        # The goal.
        goal = idea.goal
        if not goal:
            goal = world.choice(_DEFAULT_GOALS).format(town=town)
            if plot != "quest":
                goal = goal
        verb = (goal.split() or ["find"])[0]
        goal = _own_slot(goal)
        c["goal"] = goal
        c["goal_ing"] = _inflect_phrase(goal, _gerund)
        c["goal3"] = _inflect_phrase(goal, _third)
        c["goal_past"] = _inflect_phrase(goal, _past)
        obj = idea.obj if idea.goal else _strip_article(" ".join(goal.split()[1:]))
        self._plot_slots(c, plot, idea, goal, verb, obj, world, text, setting_key)

        for key, value in list(c.items()):
            if key[:1].islower() and isinstance(value, str):
                c.setdefault(key[:1].upper() + key[1:], _cap(value))
        self.c = c

    # -- plot-specific slots ----------------------------------------------------------

    def _plot_slots(self, c, plot, idea, goal, verb, obj, world, text, setting_key):
        words = goal.split()
        head = obj.split()[-1].lower() if obj else ""
        # shop
        product_key = ""
        for w in _TOKEN.findall(obj.lower()):
            single = _plural_to_singular(w)
            if w in PRODUCTS or single in PRODUCTS:
                product_key = w if w in PRODUCTS else single
                break
        if not product_key:
            product_key = _HEAD_PRODUCT.get(head, "")
        if not product_key:
            product_key = "tea" if plot == "shop" else ""
        prod = PRODUCTS[product_key or "tea"]
        product, serving, servings, batch, makes, taste, display = prod
        c["product"] = product
        c["PRODUCT"] = product.upper()
        c["a_serving"] = serving
        c["serving"] = re.sub(r"^(?:a|an)\s+", "", serving)
        c["servings"] = servings
        c["batch"] = batch
        c["makes"] = makes
        make_base = _base_verb(makes.split()[0]) + ("" if " " not in makes else " " + makes.split(" ", 1)[1])
        c["making"] = _inflect_phrase(make_base, _gerund)
        c["taste"] = taste
        c["display"] = display
        c["ware"] = re.sub(
            r"^(?:rows|stacks|shelves|trays|plates|jars|baskets|buckets|boxes|towers|pots)\s+of\s+", "", display
        )
        shop_phrase = obj if (plot == "shop" and obj) else f"little {product} shop"
        c["place"] = "the " + shop_phrase
        c["shop_a"] = _a(shop_phrase)

        # race
        event_obj = (
            obj
            if head
            in {
                "race",
                "derby",
                "rally",
                "marathon",
                "regatta",
                "relay",
                "cup",
                "championship",
                "contest",
                "competition",
                "tournament",
            }
            else ""
        )
        if event_obj:
            event = "the " + _title_case(re.sub(r"^(?:big|great)\s+", lambda m: m.group(0), event_obj))
            if len(event_obj.split()) == 1:
                event = "the Great " + _title_case(event_obj)
        else:
            event = f"the Great {_RACE_LAND.get(setting_key, 'Big')} Race"
        c["event"] = event
        m = re.search(r"\b(across|through|around|over|to|along|up|down|into)\s+(.+)$", goal)
        c["course"] = f"{m.group(1)} {m.group(2)}" if m else f"across the {c['land']}"

        # quest
        relic = _recover(_RELICS, text, world)
        c["relic"] = relic
        dest = ""
        m = re.search(r"\b(?:to|across|through|into|over)\s+((?:the|a|an)\s+.+)$", goal)
        if m:
            dest = m.group(1)
        elif obj and (verb in _REACH_VERBS or (verb in _FIND_VERBS and obj.split()[-1] in _PLACE_WORDS)):
            dest = "the " + obj  # "reach the summit", "find the sea"
        if not dest:
            dest = _recover(_DESTS[setting_key], text, world)
        c["dest"] = re.sub(r"^(?:a|an)\s+", "the ", dest)
        adversarial = verb in _ADVERSARIAL
        c["achieve3"] = "wins the day" if adversarial else c["goal3"]
        c["aim"] = "get to {dest}" if adversarial or (self.idea.other_role == "rival") else goal
        c["achieved"] = "won the day" if adversarial else c["goal_past"]
        if verb in _REACH_VERBS or adversarial or not obj or verb in _RESCUE_VERBS:
            c["sight"] = "the whole world spread out below them"
        else:
            c["sight"] = f"the {obj} shining before them"

        # build
        thing_word = head
        det = "the"
        m = re.match(r"\S+\s+(a|an|the|some|his|her|their)\s+", goal + " ")
        if m:
            det = m.group(1)
        thing = obj or "something amazing"
        c["thing"] = "the " + thing if not thing.startswith("something") else thing
        c["a_thing"] = (
            (_a(thing) if det in ("a", "an") else f"{det} {thing}") if not thing.startswith("something") else thing
        )
        c["thing_short"] = thing_word or "invention"
        kind = (
            "food"
            if thing_word in _FOOD_THINGS or verb in ("bake", "cook")
            else ("machine" if thing_word in _MACHINE_THINGS or verb in ("invent",) else "other")
        )
        if kind == "food":
            c.update(
                workshop="kitchen",
                parts_place="the market",
                parts="the finest ingredients in {town}",
                works="mixes, stirs and bakes",
                work_sfx="WHISK! WHISK!",
                work_sounds="Whisk! Stir! Sizzle! The whole house smelled wonderful.",
                small_win="It was nearly right: just a little too salty.",
                small_win_scene="In the kitchen, {Hero} and {Friend} take a first tiny taste and their eyes go wide",
                fails="comes out flat, lumpy and burnt",
                fails_past="came out flat, lumpy and burnt",
                fail_sfx="SPLAT!",
                win_scene="{Thing} stands tall and golden on the table, smelling wonderful",
                win_line="It was perfect: tall and golden, and it smelled like a dream.",
                win_sfx="TA-DAAA!",
            )
        elif kind == "machine":
            flying = thing_word in _FLYING
            c.update(
                workshop="workshop",
                parts_place="the junkyard",
                parts="wheels, springs, pipes, bolts and a very old kettle",
                works="hammers, welds and tinkers",
                work_sfx="BANG! CLANG!",
                work_sounds="Bang! Clang! Whirr! The whole street could hear it.",
                small_win="It gave a little hop, and a happy beep.",
                small_win_scene="In the workshop, {thing} gives a little hop off the floor as {Hero} and "
                "{Friend} cheer",
                fails="coughs, sputters and falls to pieces",
                fails_past="coughed, sputtered and fell to pieces",
                fail_sfx="KA-CLUNK!",
                win_scene=(
                    "{Thing} roars to life and soars up into the night sky over {town}"
                    if flying
                    else "{Thing} whirs, clicks and hums perfectly to life in the square of {town}"
                ),
                win_line=(
                    "Up, up, up it soared, higher than the clouds!"
                    if flying
                    else "It whirred and clicked and hummed, perfectly."
                ),
                win_sfx="WHOOOOSH!" if flying else "WHIRR-DING!",
            )
        else:
            c.update(
                workshop="workshop",
                parts_place="the attic",
                parts="all sorts of useful odds and ends",
                works="measures, cuts and works",
                work_sfx="TAP! TAP!",
                work_sounds="Tap, tap, snip, swish. Little by little it took shape.",
                small_win="One corner of it came out just right.",
                small_win_scene="In the workshop, {Hero} and {Friend} admire the one corner that came out just right",
                fails="wobbles and collapses in a heap",
                fails_past="wobbled and collapsed in a heap",
                fail_sfx="CRASH!",
                win_scene="{Thing} stands finished and beautiful in the golden light",
                win_line="It was finished, and it was beautiful.",
                win_sfx="TA-DAAA!",
            )
        c["big_event"] = _recover(_EVENTS, text, world, {"town": c["town"]}).format(town=c["town"])

        # grow
        c["ending_sky"] = "Sunny day"
        skill = re.sub(r"^learn\s+(?:how\s+)?to\s+", "", goal) if verb == "learn" else goal
        skill_verb = (skill.split() or [""])[0]
        c["skill"] = skill
        c["skill3"] = _inflect_phrase(skill, _third)
        if verb == "learn" and skill_verb in _PHYSICAL:
            c["achieves"] = c["goal3"]
            c["act"] = "{skill3} at last, bravely, through the {weather_kw}"
            c["achieved_final"] = "could {skill} whenever {he} liked"
            c["final_now"] = "can {skill} whenever {he} likes"
            c["show3"] = c["skill3"]
        elif verb == "face":
            thing_feared = " ".join(words[1:]) or "it"
            c["achieves"] = c["goal3"]
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = f"was never afraid of {thing_feared} again"
            c["final_now"] = f"is never afraid of {thing_feared} again"
            c["show3"] = "plays happily outside in the evening"
            if re.search(r"\b(?:dark|night|nighttime|shadows?)\b", thing_feared):
                c["ending_sky"], c["show3"] = "Starry night", "plays happily outside in the dark"
        elif verb == "learn":
            c["achieves"] = c["goal3"]
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = "could {skill} whenever {he} liked"
            c["final_now"] = "can {skill} whenever {he} likes"
            c["show3"] = c["skill3"]
        else:
            c["achieves"] = "finds {his} courage"
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = "finally got to {goal}"
            c["final_now"] = "finally gets to {goal}"
            c["show3"] = c["goal3"]

    # -- text ------------------------------------------------------------------------

    def has(self, cond: str) -> bool:
        if cond.startswith("stage:"):
            return cond[6:] in self.all_stages
        if cond == "pair":
            return self.pair
        if cond == "solo":
            return not self.pair
        if cond.startswith("!"):
            return not self.has(cond[1:])
        return self.role.get(cond) is not None

    def choose(self, spec: Any, rng: random.Random | None) -> str:
        if isinstance(spec, list):
            if not spec:
                return ""
            spec = spec[rng.randrange(len(spec))] if rng else spec[0]
            return self.choose(spec, rng)
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[0], str):
            return self.choose(spec[1] if self.has(spec[0]) else spec[2], rng)
        return spec or ""

    def fill(self, template: str, extra: dict[str, str] | None = None, capitalize: bool = True) -> str:
        slots = _Slots(self.c)
        if extra:
            slots.update(extra)
        if not extra and template.count('"') >= 2:
            # Quoted words in narration are the hero's own: '"Nobody can find my hat," she said.'
            parts = template.split('"')
            mine = dict(slots, own=self.own_said[0])
            text = '"'.join(_expand(part, _Slots(mine) if i % 2 else slots) for i, part in enumerate(parts))
        else:
            text = _expand(template, slots)
        return _tidy(text, capitalize)

    def say(self, spec: Any, rng: random.Random | None = None, capitalize: bool = True, speaker: str = "") -> str:
        """Text from a spec; a ``speaker`` role says "my"/"your" for the hero's own things."""
        extra = {"own": self.own_said[0] if speaker == "hero" else self.own_said[1]} if speaker else None
        return self.fill(self.choose(spec, rng), extra, capitalize=capitalize)


def _expand(template: str, slots: dict[str, str]) -> str:
    text = template
    for _ in range(4):
        if "{" not in text:
            break
        text = text.format_map(slots)
    return re.sub(r"\{[^{}]*\}", "", text)


def _tidy(text: str, capitalize: bool = True) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,!?;:]|\.(?!\.))", r"\1", text)
    text = re.sub(r"\b(a|an) (a|an|the) ", r"\2 ", text)
    text = re.sub(r"\b([Tt]he) the\b", r"\1", text)
    text = re.sub(r"([.!?])\.", r"\1", text.replace("...", "\x00")).replace("\x00", "...")
    if capitalize:
        text = _cap(text)
    # Capitalise after a sentence end (not after an ellipsis or a closing quote: '"Hi!" said Pip').
    text = re.sub(r"(?<![.])([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text.strip()


def _short_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("! ", 0, limit), text.rfind("? ", 0, limit))
    if cut > limit // 2:
        return text[: cut + 1]
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(",;: ") + "…"


# ---------------------------------------------------------------------------
# The cast
# ---------------------------------------------------------------------------

_BUILDS = {
    "creature": ["small round", "tall skinny", "chubby little", "tiny", "plump", "lanky", "stocky"],
    "robot": ["boxy", "tall skinny", "small round", "chunky", "dome-headed"],
}
_ROLE_ACCESSORY = {
    ("hero", "shop"): ["apron", "striped apron"],
    ("hero", "race"): ["racing goggles", "racing stripe"],
    ("hero", "quest"): ["backpack", "satchel"],
    ("hero", "build"): ["tool belt", "pair of goggles"],
    ("friend", "race"): ["racing goggles", "racing stripe"],
    ("rival", "race"): ["racing helmet", "racing cape"],
    ("guest", "race"): ["bow tie", "top hat"],
    ("rival", "shop"): ["top hat", "monocle"],
    ("guest", "shop"): ["knitted shawl", "flowery hat"],
}


def _colour_word(word: str) -> str:
    for c in COLOURS:
        if word in c.split("-"):
            return c
    return word


def make_look(
    species: str,
    rng: random.Random,
    *,
    role: str = "hero",
    plot: str = "quest",
    size: str = "",
    hint_colours: list[str] | tuple[str, ...] = (),
    avoid: set[str] | None = None,
    job: str = "",
    noun: str = "",
) -> str:
    """A look the painter can draw: body word, colours, clothing, one detail.

    ``job`` dresses a creature for it ("a cat ... wearing a black ninja outfit and a red
    headband"); ``noun`` names the body when it is more than the species ("toaster robot").
    """
    sp = SPECIES.get(species, SPECIES["fox"])
    palette = [_colour_word(c) for c in hint_colours]
    own = list(sp["colours"]) if sp["cover"] != "hair" else list(COLOURS)
    rng.shuffle(own)
    # Cast members get different main colours, so the painter tells them apart.
    own = [c for c in own if c not in (avoid or set())] + [c for c in own if c in (avoid or set())]
    for col in own + rng.sample(COLOURS, len(COLOURS)):
        base = col.split("-")[-1]
        if col not in palette and not any(base == p.split("-")[-1] for p in palette):
            palette.append(col)
        if len(palette) >= 3:
            break
    c1, c2, c3 = palette[:3]
    accessory = rng.choice(_ROLE_ACCESSORY.get((role, plot)) or sp["accessories"])
    feature = rng.choice(sp["features"]) if sp["features"] else ""
    group = sp["group"]
    cover = sp["cover"]
    build = size or rng.choice(_BUILDS.get(group, _BUILDS["creature"]))
    if build in ("tiny", "little", "small", "big", "huge", "tall") and rng.random() < 0.5:
        build = build + " " + rng.choice(["round", "fluffy", "skinny"] if group != "robot" else ["boxy", "round"])
    bare = accessory[8:] if accessory.startswith("pair of ") else accessory
    if accessory.startswith("pair of ") or bare.split()[-1] in (
        "spectacles",
        "glasses",
        "goggles",
        "boots",
        "stockings",
    ):
        wear = f"a pair of {c2} {bare}"
    elif bare.split()[-1] in ("dungarees", "overalls", "robes"):
        wear = f"{c2} {bare}"
    else:
        wear = _a(f"{c2} {accessory}")
    noun = noun or species
    if cover == "hair":
        hair = rng.choice(_HAIR)
        extra = f", {feature}" if feature else ""
        return f"{_a(noun)} with {hair} hair{extra}, {wear} and {c3} boots"
    if cover == "armour":
        return f"{_a(noun)} in shining {c1} armour with {feature} and {wear}"
    if cover == "robes":
        return f"{_a(noun)} in {c1} robes with {feature} and {wear}"
    gear = _JOB_GEAR.get(job, "") if group != "human" else ""
    if gear:
        # The job's clothes replace the usual accessory.
        gear = gear.format(c=c2, a_c=_a(c2))
        body = {
            "plating": f"{c1} plating",
            "shell": f"a {c1} shell",
            "glow": f"a soft {c1} glow",
            "snow": "a round snowy body",
        }.get(cover) or f"{c1} {cover}"
        feat = f" and {feature}" if feature else ""
        return f"{_a(build + ' ' + noun)} with {body}{feat}, wearing {gear}"
    if cover == "plating":
        return f"{_a(build + ' ' + noun)} with {c1} plating, {feature} and {wear}"
    if cover == "shell":
        return f"{_a(build + ' ' + noun)} with a {c1} shell, {feature} and {wear}"
    if cover == "glow":
        return f"{_a(build + ' ' + noun)} with a soft {c1} glow, {feature} and {wear}"
    if cover == "snow":
        return f"{_a(build + ' ' + noun)} with {feature}, {wear} and {_a(c3 + ' top hat')}"
    covering = {"scales": "scales", "fur": "fur", "feathers": "feathers", "wool": "wool", "skin": "skin"}[cover]
    feat = f", {feature}" if feature else ""
    return f"{_a(build + ' ' + noun)} with {c1} {covering}{feat} and {wear}"


def _pick_name(
    rng: random.Random, pool: str, used: set[str], pronoun: str = "", avoid: frozenset[str] = frozenset()
) -> str:
    """A fresh name from ``pool``: a new first letter if possible, one that suits ``pronoun``, not
    a word of the idea ("Noodle" in a noodle festival)."""
    fits = [n for n in NAMES[pool] if n.lower() not in avoid and _name_pronoun(n) in ("", pronoun or _name_pronoun(n))]
    fits = fits or NAMES[pool]
    names = [n for n in fits if n.lower() not in used and n[0] not in {u[0].upper() for u in used}]
    if not names:
        names = [n for n in fits if n.lower() not in used] or fits
    name = rng.choice(names)
    used.add(name.lower())
    return name


def _pool_for(species: str, role: str) -> str:
    group = SPECIES.get(species, {}).get("group", "creature")
    if role == "rival":
        return "rival"
    if role == "guest":
        return "elder"
    if group == "robot":
        return "robot"
    if group == "human":
        return "human"
    return "creature"


def make_cast(idea: Idea, rng: random.Random) -> list[Member]:
    setting = SETTINGS.get(idea.setting, SETTINGS["village"])
    hero_sp = (
        idea.species
        if idea.species in SPECIES
        else rng.choice(["fox", "cat", "rabbit", "bear", "mouse", "owl", "dragon"])
    )
    idea.species = hero_sp
    # How many: a friend always; a guest and a rival often (the rival makes the trouble personal).
    solo_race = idea.plot == "race" and not idea.plural
    n = rng.choice([3, 4, 4]) if solo_race else rng.choice([2, 3, 3, 4, 4, 4])
    if idea.other_role == "rival":
        n = 4
    elif idea.other_role == "guest":
        n = max(n, 3)
    roles = _roles_for(idea.plot, n, idea.plural)
    used_species = {hero_sp}
    fauna = [f for f in setting["fauna"] if f in SPECIES]
    hero_group = SPECIES[hero_sp]["group"]
    if hero_group != "human":
        # Animals and robots keep animal company unless the setting is all people.
        animal = [f for f in fauna if SPECIES[f]["group"] != "human"]
        fauna = animal or fauna
    used_names: set[str] = set()
    idea_words = frozenset(_TOKEN.findall(idea.text.lower()))
    main_colours: set[str] = set()
    cast: list[Member] = []
    for role in roles:
        if role == "hero":
            sp = hero_sp
        elif role == "friend" and (idea.partner_species or idea.plural):
            sp = idea.partner_species or hero_sp
        elif role == idea.other_role and idea.other_species:
            sp = idea.other_species
        else:
            options = (
                [f for f in fauna if f not in used_species]
                or [f for f in ("fox", "owl", "badger", "cat") if f not in used_species]
                or ["owl"]
            )
            sp = rng.choice(options)
        used_species.add(sp)
        like_hero = role == "hero" or (role == "friend" and idea.plural and not idea.partner_species)
        if role == "hero" and idea.hero_name:
            name = idea.hero_name[:40]
            used_names.add(name.lower())
        else:
            pronoun = (idea.pronoun or SPECIES.get(sp, {}).get("pronoun") or "") if role == "hero" else ""
            name = _pick_name(rng, _pool_for(sp, role), used_names, pronoun, idea_words)
        look = make_look(
            sp,
            rng,
            role=role,
            plot=idea.plot,
            size=idea.size if role == "hero" else "",
            hint_colours=(idea.colours or _THING_COLOURS.get(idea.label, [])) if role == "hero" else (),
            avoid=main_colours,
            job=idea.role if like_hero and sp == hero_sp else "",
            noun=idea.look_noun if like_hero and sp == hero_sp else "",
        )
        main_colours.update(c for c in COLOURS if f" {c} " in f" {look} ")
        cast.append(Member(name, look, sp))
    return cast


# ---------------------------------------------------------------------------
# Plan
# ---------------------------------------------------------------------------


def _title(story: Story) -> str:
    c, idea, plot = story.c, story.idea, story.plot
    hero = c["Hero"]
    # Two heroes share the verb: "Mochi and Rufus Build a Boat".
    friend = story.role.get("friend")
    pair = idea.plural and friend is not None and (idea.partner_species or friend.species == idea.species)
    subject = f"{hero} and {friend.name}" if pair else hero

    def told(phrase: str) -> str:
        verb_phrase = phrase if pair else _inflect_phrase(phrase, _third)
        return f"{subject} {_title_case(story.fill(verb_phrase, capitalize=False))}"

    if plot == "shop":
        title = f"{hero}'s {_title_case(c['place'][4:])}"
    elif plot == "race":
        title = _title_case(c["event"])
        title = title[0].upper() + title[1:]
    elif idea.event:
        title = told(_own_slot(idea.event))  # "Pip Loses His Hat"
    elif plot == "quest" and idea.verb in _FIND_VERBS and idea.obj and re.match(r"\S+ the ", idea.goal):
        title = f"{hero} and the {_title_case(idea.obj)}"  # "Pip and the Lost Crown"
    elif idea.goal:
        title = told(c["goal"])  # "Pip Saves the Noodle Festival"
    elif idea.trait and idea.species:
        title = f"{hero} the {_title_case(idea.trait)} {_title_case(c['hero_sp'])}"
    else:
        thing = re.sub(r"^(?:up|down|out|off|away|over|back)\s+", "", " ".join(c["goal"].split()[1:]))
        title = f"{hero} and the {_title_case(_strip_article(thing))}"
    title = " ".join(title.split()[:9])
    title = re.sub(r"(?:\s+(?:and|of|the|a|an|to|in|on|for|with|at|by|from))+$", "", title, flags=re.I)
    return title[:120]


def _beat(story: Story, group: tuple[str, ...], pages: int) -> str:
    content = story.content
    if len(group) == 1:
        return story.say(content[group[0]]["beat"], None)
    shorts = {k: story.say(v, None, capitalize=False) for k, v in content["shorts"].items()}
    if group == ("home", "trouble", "climax", "ending"):
        return _tidy(f"{shorts['setup']}, but {shorts['problem']}, until {shorts['turn']}, and {shorts['end']}.")
    if group == ("home", "trouble"):
        return _tidy(f"{shorts['setup']}, but {shorts['problem']}.")
    if group == ("climax", "ending"):
        return _tidy(f"Then {shorts['turn']}, and {shorts['end']}.")
    return " ".join(story.say(content[s]["beat"], None) for s in group)


def write_plan(brief: dict[str, Any], seed: int | None) -> dict[str, Any]:
    idea = read_idea(brief.get("idea", ""))
    pages = _int(brief.get("pages"), 4, 1, 50)
    rng = _rng(seed or 0, idea.text, 0)
    cast = make_cast(idea, rng)
    story = Story(idea, cast)
    story.all_stages = {s for g in stage_groups(pages) for s in g}
    beats = [_beat(story, group, pages) for group in stage_groups(pages)]
    cover = _with_setting(story, story.fill(story.content["cover"]))
    return {
        "title": _title(story),
        "cast": [{"name": m.name, "look": m.look} for m in cast],
        "cover_scene": cover,
        "beats": beats,
    }


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return max(low, min(high, number))


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def _story_from_brief(brief: dict[str, Any]) -> Story:
    idea = read_idea(brief.get("idea", ""))
    members: list[Member] = []
    seen: set[str] = set()
    for item in brief.get("cast") or []:
        if not isinstance(item, dict):
            continue
        name = " ".join(str(item.get("name") or "").split())[:60]
        look = " ".join(str(item.get("look") or "").split())
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        members.append(Member(name, look, _species_in_look(look)))
        if len(members) == 4:
            break
    fallback = make_cast(idea, _rng("cast", idea.text))
    if not members:
        members = fallback
    if not idea.species:
        idea.species = members[0].species or fallback[0].species
    for i, m in enumerate(members):
        if not m.species:
            m.species = idea.species if i == 0 else (fallback[i].species if i < len(fallback) else "friend")
    beats = brief.get("beats") if isinstance(brief.get("beats"), list) else []
    context = " ".join(str(b) for b in beats) + " " + str(brief.get("cover_scene") or "")
    return Story(idea, members, context)


def _usable(story: Story, moment: dict[str, Any], all_stages: set[str]) -> dict[str, Any] | None:
    if any(s in all_stages for s in moment["skip_if"]):
        return None
    if moment["only_if"] and not any(s in all_stages for s in moment["only_if"]):
        return None
    needed = moment["who"] + moment["needs"]
    if all(story.role.get(r) is not None for r in needed):
        # Two roles played by one character (a 3-member race) would repeat a name.
        names = [story.role[r].name for r in moment["who"]]
        if len(names) == len(set(names)):
            return moment
    if moment["alt"]:
        return _usable(story, moment["alt"], all_stages)
    return None


_VISTAS = {
    "village": "the crooked rooftops and chimneys of the village of {town}",
    "forest": "the treehouses and mossy paths of {town}, deep in the forest",
    "desert": "the dusty little desert town of {town}, dunes rolling away behind it",
    "sea": "the harbour town of {town}, boats bobbing by the lighthouse",
    "space": "the glass domes of {town} on the grey moon, Earth hanging in the black sky",
    "city": "the busy streets and tall buildings of {town}",
    "mountain": "the little mountain village of {town}, snowy peaks all around",
    "snow": "the snowy village of {town}, igloos and icicles sparkling",
    "castle": "the castle towers and red roofs of {town}",
    "school": "the red-brick school and playground of {town}",
    "farm": "the red barn, fields and windmill of {town}",
}
_TIMES = {
    "home": "early morning sunshine",
    "spark": "bright morning",
    "start": "busy afternoon",
    "first_win": "sunny morning",
    "trouble": "grey, cloudy morning",
    "worse": "rainy afternoon",
    "low": "night under a pale moon",
    "help": "pink dawn light",
    "plan": "fresh morning light",
    "climax": "dark night, {weather_kw}",
    "triumph": "first light after the {weather}",
    "ending": "golden sunshine, bunting everywhere",
}


_AWAY = {
    "quest": {"start", "first_win", "trouble", "worse", "low", "help", "plan"},
    "race": {"first_win", "trouble", "worse", "low", "help", "plan", "climax"},
}


def _filler(story: Story, stage: str, kind: str) -> dict[str, Any]:
    if kind == "establish":
        where = _VISTAS.get(story.setting_key, _VISTAS["village"])
        who = "{Hero} a small figure in the middle of it all"
        if stage in _AWAY.get(story.plot, ()):
            where = "{wild}, {wild_desc}" if story.plot == "quest" else "the race course winding across the {land}"
            who = "{Hero} a tiny figure far below"
        elif story.plot == "quest" and stage in ("climax", "triumph"):
            where, who = "{dest}", "{Hero} a tiny figure far below"
        scene = "Wide view of " + where + ", " + _TIMES.get(stage, "morning light") + ", " + who
        return M(["hero"], scene, [], p=9)
    lines = {
        "home": "I can do this. I think.",
        "spark": "Here goes!",
        "start": "Keep going...",
        "first_win": "Did that really just happen?",
        "trouble": "Oh no...",
        "worse": "Can it get any worse?",
        "low": "...",
        "help": "Maybe... maybe I can.",
        "plan": "All right. Let's try it my way.",
        "climax": "It's now or never.",
        "triumph": "We did it!",
        "ending": "Best. Day. Ever.",
    }
    return M(
        ["hero"],
        "Close-up of {Hero}'s face, "
        + {
            "home": "hopeful",
            "trouble": "worried",
            "worse": "worried",
            "low": "sad, a tear rolling down",
            "climax": "determined, {weather_kw} all around",
            "triumph": "overjoyed",
            "ending": "beaming",
        }.get(stage, "thinking hard"),
        [("hero", lines.get(stage, "Hmm..."))],
        p=9,
    )


def _stage_moments(story: Story, stage: str, all_stages: set[str]) -> list[dict[str, Any]]:
    moments = [m for m in (_usable(story, m, all_stages) for m in story.content[stage]["m"]) if m]
    if stage == "ending" and "triumph" not in all_stages:
        # No triumph page: the ending opens with the win itself (its two key moments, in story order).
        wins = [(i, m) for i, m in enumerate(_usable(story, m, all_stages) for m in story.content["triumph"]["m"]) if m]
        best = sorted(sorted(wins, key=lambda t: (t[1]["p"], t[0]))[:2], key=lambda t: t[0])
        wins = [dict(m, p=1 if m is best[0][1] else 2) for _, m in best]
        moments[:0] = wins
    return moments


def _pick_moments(
    story: Story, stage: str, count: int, all_stages: set[str], with_win: bool = True
) -> list[dict[str, Any]]:
    moments = _stage_moments(story, stage, all_stages)
    if not with_win:
        moments = [m for m in (_usable(story, m, all_stages) for m in story.content[stage]["m"]) if m] or moments
    if count <= len(moments):
        ranked = sorted(range(len(moments)), key=lambda i: (moments[i]["p"], i))[:count]
        return [moments[i] for i in sorted(ranked)]
    chosen = list(moments)
    extra = count - len(chosen)
    if extra > 0 and stage not in ("ending", "triumph", "climax"):
        chosen.insert(0, _filler(story, stage, "establish"))
        extra -= 1
    while extra > 0:
        chosen.insert(max(len(chosen) - 1, 1), _filler(story, stage, "closeup"))
        extra -= 1
    return chosen


def _allocate(stages: tuple[str, ...], count: int) -> list[int]:
    n = len(stages)
    order = sorted(range(n), key=lambda i: _RANK.get(stages[i], 99))
    if count < n:
        keep = set(order[:count])
        return [1 if i in keep else 0 for i in range(n)]
    counts = [count // n] * n
    for i in order[: count % n]:
        counts[i] += 1
    return counts


_SETTING_HINT = {
    "village": "in the village",
    "forest": "in the forest",
    "desert": "in the desert",
    "sea": "by the sea",
    "space": "in outer space",
    "city": "in the city",
    "mountain": "on the mountain",
    "snow": "in the snow",
    "castle": "near the castle",
    "school": "at school",
    "farm": "on the farm",
}
_PLACE_WORDS = set().union(*(s["words"] for s in SETTINGS.values())) | {
    "shop",
    "kitchen",
    "room",
    "inside",
    "indoors",
    "workshop",
    "attic",
    "street",
    "square",
    "market",
    "meadow",
    "hill",
    "trail",
    "track",
    "river",
    "bridge",
    "garden",
    "landing",
    "pad",
    "docks",
    "beach",
    "lake",
    "road",
    "library",
    "bakery",
    "café",
    "cafe",
    "tower",
    "courtyard",
    "playground",
    "hallway",
    "barn",
    "farmyard",
    "island",
    "dunes",
    "canyon",
    "woods",
    "mountains",
    "crater",
    "dome",
    "bedroom",
    "doorway",
    "doorstep",
}


def _with_setting(story: Story, scene: str) -> str:
    """Make sure the painter can tell where a scene happens."""
    words = set(_TOKEN.findall(scene.lower()))
    if words & _PLACE_WORDS:
        return scene
    hint = _SETTING_HINT.get(story.setting_key, "")
    return f"{scene}, {hint}" if hint else scene


_NIGHT_WORDS = {"night", "moon", "moonlit", "moonlight", "midnight", "stars", "starry", "candle", "lamplight"}


def _at_night(story: Story, stage: str) -> bool:
    if stage == "low":
        return True
    if stage == "climax":
        return story.plot != "race"  # the race's sandstorm blows in by day
    return stage == "triumph" and story.plot == "shop"  # "all night long"


def _render_panel(story: Story, moment: dict[str, Any], rng: random.Random, stage: str = "") -> dict[str, Any]:
    scene = _with_setting(story, story.fill(moment["scene"]))
    if _at_night(story, stage) and not set(_TOKEN.findall(scene.lower())) & _NIGHT_WORDS:
        scene = f"{scene}, at night"
    lines_spec = moment["lines"]
    if lines_spec and isinstance(lines_spec[0], list):
        lines_spec = lines_spec[rng.randrange(len(lines_spec))]
    present = {r for r in moment["who"] if story.role.get(r) is not None}
    dialogue = []
    for role, text in lines_spec or ():
        member = story.role.get(role)
        if member is None or role not in present:
            continue
        said = _short_line(story.say(text, rng, speaker=role))
        if said:
            dialogue.append({"speaker": member.name, "text": said})
    # Every speaker is named in the scene (the letterer points tails at them).
    for line in dialogue:
        if not re.search(rf"\b{re.escape(line['speaker'].split()[0])}\b", scene, re.IGNORECASE):
            scene = f"{scene}, with {line['speaker']}"
    sfx = story.say(moment["sfx"], rng)[:24] if moment["sfx"] else ""
    return {
        "scene": scene,
        "dialogue": dialogue[:2],
        "caption": story.say(moment["cap"], rng) if moment["cap"] else "",
        "sfx": sfx,
    }


_SENTENCE_END = re.compile(r"[.!?][\"”]?(?=\s+[\"“]?[A-Z]|$)")


def _count_sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.replace("...", "…")))


def _narration(story: Story, stages: tuple[str, ...], rng: random.Random) -> str:
    content = story.content
    if len(stages) == 1:
        items = content[stages[0]]["nar"]
    elif tuple(stages) in content.get("combos", {}):
        items = content["combos"][tuple(stages)]
    else:
        keep = sorted(sorted(range(len(stages)), key=lambda i: _RANK.get(stages[i], 99))[:3])
        items = [content[stages[i]]["nar"][0] for i in keep]
    sentences: list[str] = []
    for item in items:
        said = story.say(item, rng)
        if not said:
            continue
        if sentences and _count_sentences(" ".join([*sentences, said])) > 3:
            break
        sentences.append(said)
    return " ".join(sentences)


def _bridge(story: Story, stage: str, previous: str | None, rng: random.Random) -> str:
    if stage == "ending" and "triumph" not in story.all_stages:
        stage = "triumph"  # the ending page opens with the win
    bridges = story.content[stage].get("bridge") or {}
    options = bridges.get(previous or "", bridges.get("*")) if previous else None
    if not options:
        defaults = {
            "climax": ["Then, one night..."],
            "ending": ["And so..."],
            "trouble": ["But then..."],
            "low": ["That night..."],
            "help": ["The next morning..."],
        }
        options = defaults.get(stage, ["Later that day...", "The next day..."])
    return story.say(options, rng)


def write_page(brief: dict[str, Any], seed: int | None) -> dict[str, Any]:
    story = _story_from_brief(brief)
    beats = brief.get("beats") if isinstance(brief.get("beats"), list) else []
    pages = _int(brief.get("pages"), len(beats) or 1, 1, 50)
    page = _int(brief.get("page"), 1, 1, pages)
    count = _int(brief.get("panels"), 1, 1, 12)
    kind = "picture_book" if brief.get("kind") == "picture_book" else "comic"
    rng = _rng(seed or 0, story.idea.text, page)
    groups = stage_groups(pages)
    stages = groups[page - 1]
    all_stages = {s for g in groups for s in g}
    story.all_stages = all_stages
    previous = groups[page - 2][-1] if page > 1 else None

    panels: list[dict[str, Any]] = []
    counts = _allocate(stages, count)
    prev_stage = previous
    for stage, n in zip(stages, counts, strict=True):
        if n <= 0:
            continue
        moments = _pick_moments(story, stage, n, all_stages)
        for i, moment in enumerate(moments):
            panel = _render_panel(story, moment, rng, stage)
            if i == 0 and prev_stage is not None and (panels or page > 1):
                panel["caption"] = _bridge(story, stage, prev_stage, rng)
            panels.append(panel)
        prev_stage = stage
    if pages == 1 and count == 1 and kind == "comic":
        panels[0]["caption"] = _short_caption(_narration(story, stages, rng))

    if kind == "picture_book":
        text = _narration(story, stages, rng)
        main = max(range(len(stages)), key=lambda i: -_RANK.get(stages[i], 99))
        key_moment = _pick_moments(story, stages[main], 1, all_stages, with_win=False)[0]
        key_panel = _render_panel(story, key_moment, rng, stages[main])
        panels = [{"scene": key_panel["scene"], "dialogue": [], "caption": text, "sfx": ""}]
        if count > 1:
            extra = _pick_moments(story, stages[-1], count - 1, all_stages)
            for moment in extra:
                p = _render_panel(story, moment, rng, stages[-1])
                caption = p["caption"] or (p["dialogue"][0]["text"] if p["dialogue"] else story.fill("{Hero}."))
                panels.append({"scene": p["scene"], "dialogue": [], "caption": caption, "sfx": ""})
    return {"panels": panels[:count]}


def _short_caption(text: str) -> str:
    return text if len(text) <= 480 else text[:479].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------------------
# The backend
# ---------------------------------------------------------------------------


class BuiltinStoryteller:
    """Writes plans and pages offline from the brief in the request."""

    name = "builtin"

    def __init__(self, **options: Any):
        self.options = options

    def complete_json(self, request: TextRequest) -> TextResult:
        brief = find_brief(request.messages)
        if brief is None:
            raise MalformedOutput("The request carries no ```json brief for the built-in storyteller.", raw="")
        if request.schema_name == "comic_plan":
            data = write_plan(brief, request.seed)
        elif request.schema_name == "comic_page":
            data = write_page(brief, request.seed)
        else:
            raise MalformedOutput(f"The built-in storyteller can't write {request.schema_name!r}.", raw="")
        return TextResult(data=data, model=MODEL, usage={})
