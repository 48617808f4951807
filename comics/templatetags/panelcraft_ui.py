"""Small read-only helpers for the UI templates."""

from django import template

from comics import styles
from comics.models import MAX_IDEA_LENGTH

register = template.Library()


@register.simple_tag
def style_list() -> list[styles.Style]:
    """The art styles, in order, for showing their descriptions in the studio."""
    return list(styles.STYLES.values())


@register.simple_tag
def idea_limit() -> int:
    return MAX_IDEA_LENGTH
