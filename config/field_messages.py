"""Plain words for the cases many input fields share, built from each field's own name and limits.

A field passes ``error_messages=`` one of these next to its definition, so
its wording sits beside its rule and a limit is said with the constant that
sets it. Each dict holds the keys of Django's form fields and of DRF's
fields alike ("null", "blank" and "max_string_length" are DRF's), so one
dict serves a form and a serializer; each reads the keys it knows.
"""

from __future__ import annotations

from collections.abc import Iterable

from config.pagination import PagePagination

# Every way a number field can refuse a value.
NUMBER_CASES = ("invalid", "max_string_length", "min_value", "max_value", "null", "required")


def choose_one(what: str, choices: Iterable[tuple[object, object]]) -> dict[str, str]:
    """An API choice: what was sent, and every value the field takes ({input} is DRF's placeholder)."""
    values = ", ".join(str(value) for value, _label in choices)
    missing = f"Choose a {what}: one of {values}."
    return {
        "required": missing,
        "null": missing,
        "invalid_choice": f"Unknown {what} “{{input}}”: choose one of {values}.",
    }


def pick_listed(what: str, *, missing: str | None = None) -> dict[str, str]:
    """A page's choice (radio buttons, a list): the values are on the screen, so they are not listed again."""
    return {"required": missing or f"Choose a {what}.", "invalid_choice": f"Choose one of the {what}s listed."}


def text(what: str, *, max_length: int | None = None, missing: str | None = None) -> dict[str, str]:
    """A text field, ``what`` as a reader says it ("the label"); ``missing`` for one that must be filled in.

    No "invalid" here: a form field gives that key's words to its validators' own "invalid" errors
    (a URL's, a username's), which say more than any sentence about the field could.
    """
    messages = {}
    if max_length is not None:
        messages["max_length"] = f"Keep {what} to {max_length:,} characters at most."
    if missing is not None:
        messages.update(required=missing, blank=missing)
    return messages


def api_text(what: str, *, max_length: int | None = None, missing: str | None = None) -> dict[str, str]:
    """``text()`` for the API, which may also be sent a number, a list or null where text belongs."""
    not_text = f"Write {what} as text."
    return {"invalid": not_text, "null": missing or not_text, **text(what, max_length=max_length, missing=missing)}


def whole_number(sentence: str, **cases: str) -> dict[str, str]:
    """A number field: ``sentence`` for any value that will not do, unless ``cases`` words one case apart.

    A null sent to the API is a missing value, and is answered as one.
    """
    messages = {**dict.fromkeys(NUMBER_CASES, sentence), **cases}
    if "required" in cases and "null" not in cases:
        messages["null"] = cases["required"]
    return messages


# The API's page of a list (config.pagination), for every list that takes ?page= and ?page_size=.
PAGE_NUMBER = whole_number("The page must be a whole number.", min_value="Pages are numbered from 1.")
PAGE_SIZE = whole_number(
    "The page size must be a whole number.",
    min_value="Ask for at least 1 comic per page.",
    max_value=f"At most {PagePagination.max_page_size} comics per page.",
)
