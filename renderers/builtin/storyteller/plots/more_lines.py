"""More ways to say the same moment, so another seed reads differently."""

from __future__ import annotations

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
