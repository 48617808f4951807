"""Reports in templates: whether this reader has already reported a comic."""

from django import template

from comics.models import Comic
from gallery import moderation

register = template.Library()


@register.simple_tag
def reported_by(comic: Comic, user) -> bool:
    """``{% reported_by comic user as reported %}``: the reader then sees that they did, not the link again.

    One report per reader and comic is all the moderators take, so offering
    "Report this comic" a second time would only lead to a refusal.
    """
    if not user.is_authenticated:
        return False
    return moderation.already_reported(reporter=user, comic=comic)
