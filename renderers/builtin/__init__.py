"""The offline backends: no key, no network, deterministic for a seed."""

from .. import registry
from .painter import BuiltinPainter
from .safety import BuiltinSafety
from .storyteller import BuiltinStoryteller

registry.register("text", "builtin", BuiltinStoryteller)
registry.register("image", "builtin", BuiltinPainter)
registry.register("safety", "builtin", BuiltinSafety)
