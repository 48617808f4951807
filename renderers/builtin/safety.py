"""The built-in safety check: a small blocklist of real-world harm.

Comics are full of dragons, sword fights, cannons and poisoned apples, and
all of that is fine. What is blocked is a request for *real-world* harm:
instructions for weapons that hurt many people, sexual content involving
children, self-harm methods, hate against groups of people, and instructions
for hurting a real person.

How it works: the text is normalised (lowercase, accents and zero-width
characters removed, punctuation turned into spaces, spaced-out letters
joined, and a second copy with basic leetspeak undone: ``b0mb`` -> ``bomb``),
then matched against a few regular expressions per category. Most weapon and
violence rules need an *instruction cue* ("how to", "step by step", "recipe
for", "teach me"...) next to the harmful thing, which is what separates
"how to build a bomb" from "the bomb squad cat".
"""

from __future__ import annotations

import re
import unicodedata

from ..base import SafetyVerdict

__all__ = ["CATEGORIES", "BuiltinSafety", "normalise"]

CATEGORIES = {
    "weapons_of_mass_harm": "This idea asks for real-world weapon instructions, which Panelcraft can't help with.",
    "real_world_violence_instructions": "This idea asks how to hurt real people, which Panelcraft can't help with.",
    "sexual_minors": "Panelcraft never makes sexual content involving children.",
    "sexual_explicit": "Panelcraft makes all-ages comics, so it can't make sexually explicit stories.",
    "self_harm_instructions": (
        "Panelcraft can't help with this. If you're thinking about hurting yourself, please talk to someone "
        "you trust or call a local crisis line right away."
    ),
    "hate": "This idea promotes hatred against a group of people, which Panelcraft can't help with.",
}

# ---------------------------------------------------------------------------
# Normalising
# ---------------------------------------------------------------------------

_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).translate(_ZERO_WIDTH)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("’", "'").replace("'", "")


def _squash(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # "b o m b" -> "bomb": join runs of three or more single letters ("a b o m b" -> "a bomb").
    text = re.sub(r"\b(?:[a-z] ){2,}[a-z]\b", _join_letters, text)
    return " ".join(text.split())


def _join_letters(match: re.Match[str]) -> str:
    letters = match.group(0).split()
    if letters[0] in ("a", "i") and len(letters) >= 4:
        return letters[0] + " " + "".join(letters[1:])
    return "".join(letters)


def normalise(text: str) -> tuple[str, str]:
    """Two normalised copies: plain (digits kept, for ages) and with leetspeak undone."""
    folded = _fold(text)
    plain = _squash(folded)
    # Undo leetspeak only inside words that also have letters ("b0mb", "h0w"), so "12 year old" survives.
    leet = re.sub(
        r"\S+", lambda m: m.group(0).translate(_LEET) if re.search(r"[a-z]", m.group(0)) else m.group(0), folded
    )
    return plain, _squash(leet)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

# Asking for instructions.
_HOW = (
    r"(?:how (?:to|do (?:i|you|we|people)|can (?:i|you|we|someone)|would (?:i|you|one)|should i|does one)"
    r"|ways? to|best way to|easiest way to|simplest way to|cheapest way to|steps? (?:to|for)|step by step"
    r"|instructions?|guide (?:to|for|on)|tutorial|recipe (?:for|to)|teach me|tell me how|show me how"
    r"|explain how|help me|walk me through|diy|homemade|at home|ingredients (?:for|to|of))"
)
_MAKE = (
    r"(?:build|make|making|assemble|construct|create|synthesi[sz]e|produce|cook|brew|mix|manufacture|"
    r"weaponi[sz]e|detonate|rig|prepare|obtain|extract|grow|culture|cultivate|aerosoli[sz]e|enrich)"
)
_NOT_A_BOMB = r"(?<!bath )(?<!seed )(?<!glitter )(?<!photo )(?<!stink )(?<!water )(?<!confetti )(?<!smoke )(?<!cherry )"
_MASS = (
    _NOT_A_BOMB + r"(?:bombs?|explosives?|explosive devices?|ieds?|grenades?|napalm|thermite|detonators?|"
    r"nerve (?:agent|gas)|sarin|vx|tabun|soman|novichok|ricin|anthrax|botulinum|smallpox|bio ?weapons?|"
    r"biological weapons?|chemical weapons?|dirty bombs?|nuclear (?:bomb|weapon|device)s?|nukes?|"
    r"mustard gas|chlorine gas|poison gas|tatp|hmtd|c4|semtex|nitroglycerine?|ammonium nitrate bomb|"
    r"car bombs?|suicide vests?|fertili[sz]er bombs?)"
)
_AGENTS = (
    r"(?:nerve agents?|sarin|vx|tabun|soman|novichok|ricin|anthrax|botulinum toxin|smallpox|bio ?weapons?|"
    r"biological weapons?|chemical weapons?|weapons? grade (?:uranium|plutonium))"
)
_SMALL_ARMS = r"(?:pipe bombs?|molotov cocktails?|ghost guns?|zip guns?|untraceable guns?|(?:3d )?printed guns?)"

_HURT = r"(?:poison|kill|murder|strangle|stab|shoot|kidnap|abduct|torture|assassinate|drown|suffocate|drug|beat up)"
_VICTIM = (
    r"(?:someone|somebody|a person|people|a human|humans|a man|a woman|a child|a kid|children|kids|"
    r"my (?:\w+ )?(?:wife|husband|mom|mum|mother|dad|father|parents?|boss|teacher|neighbou?r|sister|brother|"
    r"friend|classmate|ex|girlfriend|boyfriend|roommate|coworker|family|son|daughter|baby|grandma|grandpa)|"
    r"him|her|them|the president|a politician|my \w+)"
)
_SELF = (
    r"(?:kill myself|end my (?:own )?life|commit suicide|suicide|hang myself|cut myself|cutting myself|"
    r"overdose|take my (?:own )?life|harm myself|hurt myself|slit my wrists?|starve myself|"
    r"jump off a (?:bridge|building))"
)
_HOW_SELF = (
    r"(?:how (?:to|do i|can i|should i|would i)|ways? to|best way to|easiest way to|painless way to|"
    r"quickest way to|methods? (?:to|of|for)|steps? to|instructions? (?:to|for|on)|teach me (?:how )?to|"
    r"tell me how to|show me how to|help me)"
)
_MINOR = (
    r"(?:child|children|childs|kid|kids|minor|minors|underage|under age|toddlers?|preteens?|pre teens?|"
    r"schoolgirls?|schoolboys?|infants?|bab(?:y|ies)|little (?:girl|boy)s?|young (?:girl|boy)s?|"
    r"teens?|teenagers?|teenage|tweens?|loli|lolis|shota|"
    r"(?:[1-9]|1[0-7]) ?(?:yo|y o|years? old|yr old|yrs old|year olds)|"
    r"(?:[1-9]|1[0-7]) year old|(?:middle|high|elementary|primary|grade) school(?:er|ers)?|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) grader|"
    r"daughter|son|stepdaughter|stepson|niece|nephew)"
)
_SEXUAL = (
    r"(?:sex|sexual|sexually|sexy|sexualised|sexualized|nude|nudes|nudity|naked pictures|naked photos|"
    r"erotic|erotica|porn|porno|pornographic|lewd|fetish|orgasm|molest|molesting|molested|rape|raping|"
    r"raped|grope|groping|seduce|seducing|seduction|make love|making love|intercourse|genitals?|"
    r"strip naked|undress(?:ing)? for|hentai)"
)
_GROUPS = (
    r"(?:jews|jewish people|muslims|christians|hindus|sikhs|blacks|black people|whites|white people|"
    r"asians|asian people|arabs|mexicans|immigrants|refugees|gays|gay people|lesbians|trans people|"
    r"transgender people|roma|gypsies|latinos|africans|women|disabled people)"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "sexual_minors",
        re.compile(
            rf"\b{_SEXUAL}\b(?:\s+\S+){{0,8}}\s+\b{_MINOR}\b|\b{_MINOR}\b(?:\s+\S+){{0,8}}\s+\b{_SEXUAL}\b"
            r"|\b(?:loli|lolicon|shotacon|child porn|kiddie porn|pedo|pedophile|paedophile)\b"
        ),
    ),
    (
        "sexual_explicit",
        re.compile(
            r"\b(?:porn|porno|pornographic|pornography|xxx|nsfw|hentai|sexually explicit|explicit sex|hardcore sex|"
            r"sex scenes?|graphic sex|erotica|erotic story|smut)\b"
        ),
    ),
    (
        "self_harm_instructions",
        re.compile(
            rf"\b{_HOW_SELF}\b(?:\s+\S+){{0,3}}\s+\b{_SELF}\b"
            r"|\b(?:suicide|self harm|selfharm) (?:methods?|instructions|guide|tips|techniques)\b"
            r"|\bhow many (?:\w+ ){0,4}(?:pills|tablets|sleeping pills|painkillers)\b(?:\s+\S+){0,6}\s+"
            r"\b(?:die|kill|overdose|lethal|fatal|dead)\b"
            r"|\b(?:i want to|i m going to|im going to|i am going to|i m gonna|im gonna|i will|i ll|ill) "
            r"(?:kill myself|end my life|end it all|commit suicide|take my (?:own )?life)\b"
            r"|\b(?:painless|quick|easy|quickest|easiest) (?:way|method) to die\b"
        ),
    ),
    (
        "real_world_violence_instructions",
        re.compile(
            rf"\b{_HOW}\b(?:\s+\S+){{0,6}}\s+\b{_HURT}\s+{_VICTIM}\b"
            rf"|\b(?:{_HOW}|{_MAKE})\b(?:\s+\S+){{0,6}}\s+\b{_SMALL_ARMS}\b"
            r"|\b(?:untraceable|undetectable|tasteless) poisons?\b(?:\s+\S+){0,6}\s+\b(?:kill|murder|someone|"
            r"person|human|people)\b"
            rf"|\b{_HURT}\s+{_VICTIM}\b(?:\s+\S+){{0,4}}\s+\bwithout (?:getting caught|being "
            r"caught|leaving (?:a )?trace|anyone (?:knowing|noticing)|a trace)\b"
        ),
    ),
    (
        "weapons_of_mass_harm",
        re.compile(
            rf"\b{_HOW}\b(?:\s+\S+){{0,6}}\s+\b{_MAKE}\b(?:\s+\S+){{0,6}}\s+\b{_MASS}\b"
            rf"|\b{_MAKE}\b(?:\s+\S+){{0,6}}\s+\b{_MASS}\b(?:\s+\S+){{0,3}}\s+\b(?:at home|step by step|from scratch|"
            r"with household|using household|recipe|ingredients|instructions|materials|blueprints?|schematics?)\b"
            rf"|\b{_MASS}\b(?:\s+\S+){{0,3}}\s+\b(?:recipe|recipes|formula|ingredients|blueprints?|schematics?|"
            r"instructions|tutorial)\b"
            rf"|\b(?:recipes?|formulas?|ingredients|blueprints?|schematics?|instructions)\b(?:\s+\S+){{0,3}}\s+"
            rf"\b{_MASS}\b"
            rf"|\b(?:synthesi[sz]e|synthesising|synthesizing|weaponi[sz]e|aerosoli[sz]e|culture|cultivate|enrich|"
            rf"enriching|produce|manufacture|make|making)\b(?:\s+\S+){{0,4}}\s+\b{_AGENTS}\b"
        ),
    ),
    (
        "hate",
        re.compile(
            r"\b(?:genocide|ethnic cleansing|the holocaust|holocaust|slavery|lynching|lynchings)\b(?:\s+\S+){0,3}\s+"
            r"\b(?:is|was|were|are)\b(?:\s+\S+){0,2}\s+\b(?:good|great|right|justified|necessary|deserved|fine|"
            r"a good thing|the answer|the solution)\b"
            rf"|\b(?:exterminate|wipe out|gas|kill all|get rid of all|eradicate|deport all|round up)\b(?:\s+\S+)"
            rf"{{0,3}}\s+\b(?:the )?{_GROUPS}\b"
            rf"|\b(?:the )?{_GROUPS}\b(?:\s+\S+){{0,3}}\s+\b(?:are|is)\b(?:\s+\S+){{0,2}}\s+\b(?:vermin|subhuman|"
            r"animals|parasites|a disease|inferior|a plague|cockroaches|not human)\b"
            r"|\bholocaust (?:denial|never happened|didnt happen|did not happen|is a hoax|was a hoax|is a lie|"
            r"was a lie)\b"
            r"|\b(?:heil hitler|sieg heil|white power|1488|14 88)\b"
        ),
    ),
]


class BuiltinSafety:
    """Screens text against the blocklist. Never raises for content."""

    name = "builtin"

    def __init__(self, **options):
        self.options = options

    def screen(self, text: str) -> SafetyVerdict:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if not text.strip():
            return SafetyVerdict(allowed=True)
        for variant in dict.fromkeys(normalise(text[:20000])):
            for category, pattern in _RULES:
                if pattern.search(variant):
                    return SafetyVerdict(allowed=False, category=category, reason=CATEGORIES[category])
        return SafetyVerdict(allowed=True)
