"""The built-in offline painter: flat-colour procedural pictures with Pillow.

``BuiltinPainter`` needs no key and no network. It reads the scene out of the
prompt with plain keyword matching (setting, time of day, weather), paints a
simple children's-book style backdrop, and stands every subject on the ground
line at :func:`renderers.base.subject_anchor`. A character's shape and colours
are a pure function of its ``(name, look)`` so a cast member looks the same in
every panel; the seed only moves clouds, trees and stars about and nudges the
pose. Everything is drawn at twice the size and downsampled for smooth edges.

The picture never contains text: lettering is the app's job.

The package, one job per module: ``backend`` (the image backend), ``painting``
(one picture, start to finish), ``scene`` (the prompt read into a scene),
``looks`` (a cast member's look read into colours and parts), ``palette`` and
``words`` (colours; keyword matching), ``canvas`` (the drawing surface), the
settings ``sky``, ``landscapes``, ``towns`` and ``indoors``, and the cast:
``figures``, ``bodies`` and ``accessories``.
"""

from .backend import BuiltinPainter
from .looks import character_look

__all__ = ["BuiltinPainter", "character_look"]
