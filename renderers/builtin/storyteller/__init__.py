"""The built-in storyteller: a whole comic from one idea, offline.

It reads the "brief" the pipeline puts in the last user message (a fenced
```json block, see ``comics/script.py``) and answers the two requests a comic
needs:

* a **plan** (``schema_name == "comic_plan"``): title, a cast of 1-4 with
  locked looks, a cover scene and exactly one beat per page;
* a **page** (``schema_name == "comic_page"``): exactly ``panels`` panels,
  each with a scene for the painter, short dialogue spoken only by cast
  members named in that scene, an optional caption and sound effect. For a
  picture book the single panel has no dialogue and a caption of storybook
  narration.

How it writes
-------------
The idea is parsed into a hero (a creature or person the painter can draw,
its adjectives, maybe a given name), a goal ("open a tiny tea shop") and a
setting ("desert", "sea", "village"...). All the nouns of the hero's phrase make
one hero: "a kitten ninja" is a cat dressed as a ninja, "space pirates" are
pirates, "a brave toaster" is a toaster drawn as a robot. The verb after the
hero ("saves", "race", "who opens", "is afraid of") is turned back to its base
form for the goal; something that happens to the hero becomes what they want
("loses his hat" -> find his hat, and the title keeps "Loses His Hat"). The
hero's one pronoun comes from what the plan and every page both know: a
gendered body in the look, the idea's own he/she, the creature's default, then
the name (Tilly is "she"). The goal picks one of five plots
(``shop``, ``race``, ``quest``, ``build``, ``grow``), each a hand-written
twelve-stage arc (home, spark, start, first win, trouble, worse, low point,
help, new plan, climax, triumph, ending) with slots for the idea's own words.
A comic of N pages uses N of those stages (a whole tiny arc for N=1, problem
and resolution for N=2, setup / trouble / climax / resolution for N=4...).

Determinism
-----------
Everything is drawn from ``random.Random`` instances seeded from SHA-256
hashes, never the global generator. The plan uses (seed, idea, 0): names,
supporting species, looks, cast size. The *story world* (town, weather,
trait, landmark) is drawn from (idea, cast names), because the pipeline
sends each page request with its own derived seed: a page can rebuild the
same world from the brief alone, and it also recovers those choices from the
plan's beats, so edited names keep the story consistent. Page wording
(dialogue variants, sound effects) uses (plan, page), not the page's seed: no
line or caption is said twice in one comic, so each page request writes the
pages before it again to know which lines they took, and that needs every
page drawn alike whichever request writes it. Pages added to a finished comic
(``comic_continuation``) tell the stages its pages skipped (``arc.more_groups``).
The plan and each continuation name the stages of every beat (``"stages"``), and
the pipeline hands them back with the outline, so a page request knows which
pages were planned and which were added, and writes the pages before it again
as they were.

Layout
------
``backend`` answers requests; ``brief`` reads them; ``planning`` and ``pages``
write the two answers from a ``story.Story`` built by ``idea`` (reading the
idea, with ``english``, ``creatures`` and ``conjugation``) and ``cast``. The
plots live in ``plots`` (one module per plot) on the stages of ``arc``; the
word tables live in ``lexicon``; ``seeding`` makes every random draw.
"""

from __future__ import annotations

from .arc import stage_groups
from .backend import MODEL, BuiltinStoryteller
from .brief import find_brief
from .idea import Idea, read_idea
from .pages import write_page
from .planning import write_plan

__all__ = [
    "MODEL",
    "BuiltinStoryteller",
    "Idea",
    "find_brief",
    "read_idea",
    "stage_groups",
    "write_page",
    "write_plan",
]
