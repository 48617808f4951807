"""Personality adjectives: what the hero says when it all goes wrong, and how they grow."""

from __future__ import annotations

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
