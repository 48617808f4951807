"""The grow plot: a hero wants to learn or dare something, and does it when someone needs help."""

from __future__ import annotations

from ..arc import M

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
