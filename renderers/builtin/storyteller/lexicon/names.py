"""The name pools the cast is named from, and which names read as a girl's or a boy's."""

from __future__ import annotations

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
