"""The race plot: a hero falls behind a rival, then turns back to help them in a storm; they finish together."""

from __future__ import annotations

from ..arc import M

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
