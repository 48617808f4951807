"""The story world's stock slots: relics, destinations, wild places, ground, events, default goals."""

from __future__ import annotations

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
