"""The build plot: a hero builds, bakes or invents something that fails in front of everyone, then works."""

from __future__ import annotations

from ..arc import M

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
