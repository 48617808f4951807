"""The shop plot: a hero opens a shop nobody dares to visit, until the night everyone needs it."""

from __future__ import annotations

from ..arc import M

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
