"""What ``comics`` tells the apps built on it, without knowing them.

``safety_flagged`` is sent when the safety check stops a comic while it is
being made (its idea, or a picture's prompt), with ``comic``, ``what`` (a
phrase: "the idea", "page 2, panel 1", "the cover"), ``reason`` and
``category``. The gallery files it in the moderators' queue.
"""

from django.dispatch import Signal

safety_flagged = Signal()
