"""The quest plot: a hero sets out to find, reach or save something far away, and a relic lights the way."""

from __future__ import annotations

from ..arc import M

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
