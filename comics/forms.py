from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ProviderAccount
from config import field_messages

from . import book_format, layouts, providers, publishing, styles
from .models import MAX_IDEA_LENGTH, MAX_PAGES, MAX_PANELS, MAX_SEED, MIN_PAGES, MIN_PANELS, Comic, GenerationJob

IDEA_BLANK_MESSAGE = "Type an idea for your story."

# Each number's words, for the studio form and the API alike (config.field_messages).
PAGES_MESSAGES = field_messages.whole_number(
    f"The number of pages is a whole number from {MIN_PAGES} to {MAX_PAGES}.",
    required=f"Choose how many pages: {MIN_PAGES} to {MAX_PAGES}.",
    min_value=f"A comic has at least {MIN_PAGES} page.",
    max_value=f"A comic has at most {MAX_PAGES} pages.",
)
PANELS_MESSAGES = field_messages.whole_number(
    f"The number of panels per page is a whole number from {MIN_PANELS} to {MAX_PANELS}.",
    required=f"Choose how many panels each page has ({MIN_PANELS} to {MAX_PANELS}).",
    min_value=f"A page has at least {MIN_PANELS} panel.",
    max_value=f"A page has at most {MAX_PANELS} panels.",
)
SEED_MESSAGES = field_messages.whole_number(f"The seed is a whole number from 0 to {MAX_SEED}.")


def validate_idea(value: str) -> None:
    """Shared by the studio form and the API: one set of rules, one wording."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(IDEA_BLANK_MESSAGE, code="blank")
    if len(text) > MAX_IDEA_LENGTH:
        raise ValidationError(
            f"Keep the idea to {MAX_IDEA_LENGTH:,} characters at most (this one has {len(text):,}).", code="max_length"
        )


def site_max_pages() -> int:
    """The most pages a comic may have on this site (an admin may lower the studio's 12)."""
    cap = settings.PANELCRAFT.get("MAX_PAGES")
    return min(cap, MAX_PAGES) if cap else MAX_PAGES


def validate_page_count(value: int) -> None:
    """The site's own cap, below the range every layout supports (the form and the API share it).

    Only when the site has one: above MAX_PAGES the field's own limit already says so.
    """
    cap = site_max_pages()
    if value is not None and cap < MAX_PAGES and value > cap:
        raise ValidationError(f"This site makes comics of up to {cap} pages.", code="max_pages")


def comic_layout_choices():
    return [(layout.slug, layout.name) for layout in layouts.COMIC_LAYOUTS.values()]


def page_size_choices():
    return [(size.slug, size.name) for size in layouts.PAGE_SIZES.values()]


class AccountSelect(forms.Select):
    """A list of provider accounts whose options carry each account's name and model.

    The studio's script reads them to keep "Written by" and "Painted by" in
    step with the account picked for this comic.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.described: dict[str, dict] = {}

    def describe(self, accounts, kind: str) -> None:
        self.described = {str(account.pk): providers.describe_account(account, kind) for account in accounts}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        described = self.described.get(str(value))
        if described:
            option["attrs"] = {**option["attrs"], "data-label": described["label"], "data-model": described["model"]}
        return option


class StudioForm(forms.Form):
    idea = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "a shy dragon who opens a tiny tea shop"}),
        strip=True,
        required=False,  # clean_idea gives the friendlier messages, for blank and too long
    )
    kind = forms.ChoiceField(
        choices=Comic.Kind.choices,
        initial=Comic.Kind.COMIC,
        widget=forms.RadioSelect,
        error_messages=field_messages.pick_listed("kind", missing="Choose a comic or a picture book."),
    )
    pages = forms.IntegerField(
        min_value=MIN_PAGES,
        max_value=MAX_PAGES,
        initial=book_format.DEFAULT_PAGES,
        validators=[validate_page_count],
        error_messages=PAGES_MESSAGES,
    )
    panels_per_page = forms.IntegerField(
        min_value=MIN_PANELS,
        max_value=MAX_PANELS,
        initial=book_format.DEFAULT_PANELS_PER_PAGE,
        required=False,  # comics only: clean() asks for it then
        help_text="Comics only.",
        error_messages=PANELS_MESSAGES,
    )
    style = forms.ChoiceField(
        choices=styles.style_choices,
        initial=styles.DEFAULT_STYLE,
        error_messages=field_messages.pick_listed("style"),
    )
    layout = forms.ChoiceField(
        choices=comic_layout_choices,
        initial=layouts.DEFAULT_LAYOUT,
        required=False,
        error_messages=field_messages.pick_listed("layout"),
    )
    page_size = forms.ChoiceField(
        choices=page_size_choices,
        initial=layouts.DEFAULT_PAGE_SIZE,
        error_messages=field_messages.pick_listed("page size"),
    )
    seed = forms.IntegerField(
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        help_text="Same seed, same comic.",
        error_messages=SEED_MESSAGES,
    )
    text_provider = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label="For this comic, write with",
        widget=AccountSelect,
        error_messages={"invalid_choice": "Choose one of your accounts listed, or My default."},
    )
    image_provider = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label="For this comic, paint with",
        widget=AccountSelect,
        error_messages={"invalid_choice": "Choose one of your accounts listed, or My default."},
    )

    def __init__(self, *args, user=None, recipe=None, **kwargs):
        """``recipe``: a recipe link's query string (``request.GET``), whose settings fill an unbound form in."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["pages"].initial = min(book_format.DEFAULT_PAGES, site_max_pages())
        accounts = list(ProviderAccount.objects.owned_by(user)) if user is not None else []
        for kind, field in (("text", "text_provider"), ("image", "image_provider")):
            serving = [account for account in accounts if account.can_serve(kind)]
            self.fields[field].choices = [("", "My default"), *((account.pk, str(account)) for account in serving)]
            if serving:
                self.fields[field].widget.describe(serving, kind)
            else:
                self.fields[field].widget = forms.HiddenInput()
        # What a recipe link filled in (a GET never submits the form: nothing is made until the author says so).
        self.from_recipe = {} if self.is_bound or not recipe else self.recipe_values(recipe)
        self.initial = {**self.initial, **self.from_recipe}

    def recipe_values(self, query) -> dict:
        """The settings in a recipe link that this form would accept, each checked as if it had been sent.

        A value the form would refuse (an unknown style, too many pages for
        this site, an idea past the limit) is left out, so its default stays:
        a link shared from elsewhere never opens on an error.
        """
        values = {}
        for name in RECIPE_FIELDS:
            raw = query.get(name)
            if not raw:
                continue
            try:
                value = self.fields[name].clean(raw)
                if name == "idea":
                    validate_idea(value)
            except ValidationError:
                continue
            if value not in self.fields[name].empty_values:
                values[name] = value
        return values

    def clean_idea(self):
        # Here rather than in the field's validators, which Django skips for empty values.
        idea = self.cleaned_data.get("idea") or ""
        validate_idea(idea)
        return idea

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Comic.Kind.COMIC and not data.get("panels_per_page") and "panels_per_page" not in self.errors:
            self.add_error("panels_per_page", PANELS_MESSAGES["required"])
        if kind:
            shape = book_format.page_shape(kind, panels_per_page=data.get("panels_per_page"), layout=data.get("layout"))
            data.update(shape._asdict())
        return data

    def comic_options(self) -> dict:
        """The cleaned choices as keyword arguments for services.create_comic."""
        data = self.cleaned_data
        keys = ("idea", "kind", "pages", "panels_per_page", "style", "layout", "page_size", "seed")
        keys += ("text_provider", "image_provider")
        return {key: data.get(key) for key in keys}


#: The studio's settings a recipe link may carry, as query parameters of these names.
RECIPE_FIELDS = ("idea", "kind", "style", "layout", "pages", "panels_per_page", "page_size")


def recipe_url(comic: Comic) -> str:
    """The studio filled in with ``comic``'s settings, to make one like it (never its seed: a new story).

    A picture book's panels and layout are left out: the kind decides them.
    """
    settings_of_comic = {
        "idea": comic.idea,
        "kind": comic.kind,
        "style": comic.style,
        "layout": comic.layout,
        "pages": comic.page_count,
        "panels_per_page": comic.panels_per_page,
        "page_size": comic.page_size,
    }
    if book_format.is_picture_book(comic.kind):
        del settings_of_comic["layout"], settings_of_comic["panels_per_page"]
    return f"{reverse('comics:studio')}?{urlencode(settings_of_comic)}"


# The shelf says "Ready" where a job says "succeeded": the book is there to read.
SHELF_STATUS_CHOICES = [
    (GenerationJob.Status.QUEUED, "Queued"),
    (GenerationJob.Status.RUNNING, "Being made"),
    (GenerationJob.Status.SUCCEEDED, "Ready"),
    (GenerationJob.Status.FAILED, "Failed"),
    (GenerationJob.Status.CANCELLED, "Cancelled"),
]


class ShelfFilterForm(forms.Form):
    """The shelf's filters, read from the query string; a value it does not know is said, then ignored."""

    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *Comic.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "There is no kind “%(value)s”; showing every comic."},
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *SHELF_STATUS_CHOICES],
        required=False,
        error_messages={"invalid_choice": "There is no status “%(value)s”; showing every comic."},
    )

    def filters(self) -> dict[str, str]:
        """The valid filters only, so one bad value does not empty the shelf."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}


class RenameForm(forms.Form):
    title = forms.CharField(strip=True, required=False)  # publishing.clean_title words blank and too long

    def clean_title(self):
        try:
            return publishing.clean_title(self.cleaned_data.get("title"))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["title"]) from None
