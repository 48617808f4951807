"""The home page: the site's own front door, which belongs to no one app."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from comics import home_samples
from gallery import listing

#: Featured comics on the home page: one row of cards on a desktop; the gallery has the rest.
HOME_FEATURED = 4


@require_safe
def home(request):
    """What Panelcraft makes: pages its built-in backends made, then the comics moderators featured.

    The featured row is the gallery's own (``listing.featured`` and its
    card), so the same comics show in both places; it costs one query, and
    one more for a signed-in visitor's likes, whatever the number of cards.
    The page is not kept in the visitor cache, so featuring or unfeaturing a
    comic shows here at once and has nothing to clear.
    """
    featured = listing.mark_liked(listing.featured(limit=HOME_FEATURED), user=request.user)
    samples = home_samples.load()
    context = {
        "hero_samples": samples[home_samples.HERO],
        "row_samples": samples[home_samples.ROW],
        "featured": featured,
        "here": request.get_full_path(),
    }
    return render(request, "home.html", context)
