"""Fill the gallery with synthetic published comics, for benchmarks and demos.

Nothing is generated: every seeded comic is a finished, published book that
points at the same few small cover images, one lettered page and one tiny
PDF, written to storage once, so the gallery cards, the reader, the cover
URL and the PDF link all work without running the pipeline. Rows go in with
``bulk_create`` in batches and like counts are set from the Like rows in one
UPDATE, so ten thousand comics and a hundred thousand likes take seconds.
"""

from __future__ import annotations

import io
import random
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from PIL import Image, ImageDraw

from comics import book_format, styles
from comics.models import Comic, GenerationJob, Page
from comics.providers import BUILTIN
from gallery.models import Like

BATCH_SIZE = 2000
#: Seeded accounts are told apart from real ones by both of these, so --reset never touches a real account.
USERNAME_PREFIX = "seed-"
EMAIL_DOMAIN = "seed.invalid"
#: Where the shared files live in storage; every seeded comic names them, none owns them.
FILES_PREFIX = "seed"
COVER_COUNT = 6
PUBLISHED_OVER = timedelta(days=30)
#: The share of comics that are picture books, and how many comics are featured at most.
PICTURE_BOOK_SHARE = 0.2
MAX_FEATURED = 8
#: How steeply popularity falls off from the most liked comic (a Zipf-like exponent).
POPULARITY_SKEW = 0.7

ADJECTIVES = (
    "brave", "shy", "sleepy", "curious", "grumpy", "tiny", "giant", "clever", "lonely", "cheerful",
    "clumsy", "secret", "golden", "silver", "wandering", "forgetful", "fearless", "gentle", "noisy", "patient",
)  # fmt: skip
CREATURES = (
    "dragon", "otter", "robot", "fox", "owl", "whale", "hedgehog", "astronaut", "wizard", "penguin",
    "knight", "octopus", "badger", "ghost", "pirate", "tortoise", "unicorn", "detective", "baker", "moth",
)  # fmt: skip
PLACES = (
    "a lighthouse", "the moon", "a floating city", "the old library", "a tiny island", "the deep forest",
    "a desert town", "the night market", "a snowy mountain", "the harbour", "a cloud kingdom", "the subway",
)  # fmt: skip
DEEDS = (
    "opens a tea shop", "learns to fly", "loses a map", "finds a lost star", "starts a band",
    "builds a rocket", "solves a mystery", "plants a garden", "runs a bakery", "befriends a storm",
    "guards a treasure", "paints the sky", "delivers the mail", "collects lost socks",
)  # fmt: skip
TITLE_NOUNS = (
    "Lantern", "Voyage", "Secret", "Promise", "Recipe", "Song", "Map", "Garden", "Storm", "Riddle", "Clock", "Kite",
)  # fmt: skip
FIRST_NAMES = (
    "Maple", "Juniper", "Ash", "Wren", "Robin", "Sage", "Indigo", "Basil", "Clover", "Pip", "Rowan", "Hazel",
)  # fmt: skip
LAST_NAMES = (
    "Finch", "Brook", "Stone", "Hollow", "Marsh", "Field", "Reed", "Vale", "Thorn", "Moss", "Lark", "Birch",
)  # fmt: skip


@dataclass(frozen=True)
class SharedFiles:
    """Storage names every seeded comic points at."""

    covers: tuple[str, ...]
    page: str
    pdf: str


class Command(BaseCommand):
    help = (
        "Fill the gallery with synthetic published, finished comics by synthetic users, with likes, "
        "for benchmarks and demos. Every run adds new users (usernames seed-<run>-<n>, which cannot sign in) "
        "and their comics; --reset first removes everything earlier runs made. All seeded comics share a "
        f"few small covers, one page and one PDF stored under '{FILES_PREFIX}/'. "
        "Example: manage.py seed_gallery --comics 10000 --likes 100000 --users 500"
    )

    def add_arguments(self, parser):
        parser.add_argument("--comics", type=int, default=200, help="published comics to add (default 200)")
        parser.add_argument(
            "--likes", type=int, default=2000, help="likes to add, at most one per user and comic (default 2000)"
        )
        parser.add_argument("--users", type=int, default=50, help="synthetic authors and likers to add (default 50)")
        parser.add_argument(
            "--reset", action="store_true", help="first delete the users, comics and likes earlier runs seeded"
        )
        parser.add_argument(
            "--random-seed", type=int, default=None, help="the same number gives the same titles, authors and likes"
        )

    def handle(self, *args, comics: int, likes: int, users: int, reset: bool, random_seed: int | None, **options):
        check_counts(comics=comics, likes=likes, users=users)
        started = time.perf_counter()
        rng = random.Random(random_seed)
        with transaction.atomic():  # all or nothing: a failed run leaves the earlier seeds too
            if reset:
                removed = remove_seeded()
                self.stdout.write(f"Removed {removed} earlier seeded users with their comics and likes.")
            made = seed(comics=comics, likes=likes, users=users, rng=rng)
        refresh_statistics()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {made['comics']} comics, {made['likes']} likes, {made['users']} users in {seconds:.1f} s"
        )


def check_counts(*, comics: int, likes: int, users: int) -> None:
    """Refuse, in plain words, counts that cannot make a gallery."""
    for name, value in (("--comics", comics), ("--likes", likes), ("--users", users)):
        if value < 0:
            raise CommandError(f"{name} cannot be negative (got {value}).")
    if comics and not users:
        raise CommandError("Comics need authors: give --users 1 or more.")
    if likes > users * comics:
        raise CommandError(
            f"--likes {likes} is more than {users} users can give {comics} comics: each user likes a comic "
            f"at most once, so at most {users * comics}."
        )


def remove_seeded() -> int:
    """Delete the accounts earlier runs made, their comics (with pages and jobs) and every like they gave or got."""
    seeded = seeded_users()
    count = seeded.count()
    Like.objects.filter(user__in=seeded).delete()
    Like.objects.filter(comic__owner__in=seeded).delete()
    Comic.objects.filter(owner__in=seeded).delete()
    seeded.delete()
    return count


def refresh_statistics() -> None:
    """Let PostgreSQL's planner know how big the tables just got.

    Autovacuum would notice within a minute or so; until then the planner
    takes thousands of new rows for a handful and picks nested loops, which
    a benchmark started right after seeding would measure instead of the site.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (get_user_model(), Comic, Page, GenerationJob, Like):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def seeded_users():
    """Accounts this command made: named and addressed as it names them, never signed in, no usable password.

    Anyone can sign up as "seed-x" with a seed.invalid address; nobody who did
    can have an unusable password and no last login, so --reset leaves them be.
    """
    return get_user_model().objects.filter(
        username__startswith=USERNAME_PREFIX,
        email__endswith=f"@{EMAIL_DOMAIN}",
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        last_login__isnull=True,
    )


def seed(*, comics: int, likes: int, users: int, rng: random.Random) -> dict[str, int]:
    now = timezone.now()
    files = shared_files()
    authors = make_users(count=users, rng=rng)
    books = make_comics(count=comics, authors=authors, files=files, now=now, rng=rng)
    made_likes = make_likes(count=likes, users=authors, comics=books, now=now, rng=rng)
    if books:
        count_likes(made_now(books, authors))
    return {"comics": len(books), "likes": made_likes, "users": len(authors)}


# --- Shared files ------------------------------------------------------------


def shared_files() -> SharedFiles:
    """The covers, page and PDF every seeded comic names, written once and reused by later runs."""
    covers = tuple(
        store(f"{FILES_PREFIX}/cover-{n + 1}.png", lambda n=n: png(cover_image(n))) for n in range(COVER_COUNT)
    )
    page = store(f"{FILES_PREFIX}/page-1.png", lambda: png(page_image()))
    pdf = store(f"{FILES_PREFIX}/comic.pdf", tiny_pdf)
    return SharedFiles(covers=covers, page=page, pdf=pdf)


def store(name: str, make) -> str:
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(make()))


def cover_image(n: int) -> Image.Image:
    """A small flat cover: a sky, a hill and a sun in one style's palette."""
    palette = list(styles.STYLES.values())[n % len(styles.STYLES)].palette
    image = Image.new("RGB", (240, 340), palette[1])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 230, 240, 340), fill=palette[2])
    draw.ellipse((150 - 10 * n, 40, 210 - 10 * n, 100), fill=palette[4])
    draw.rectangle((16, 16, 224, 56), fill=palette[0])
    draw.rectangle((0, 0, 239, 339), outline=palette[3], width=6)
    return image


def page_image() -> Image.Image:
    """A lettered-looking page: four panels with ink borders."""
    image = Image.new("RGB", (420, 594), "#ffffff")
    draw = ImageDraw.Draw(image)
    for x, y in ((12, 12), (214, 12), (12, 300), (214, 300)):
        draw.rectangle((x, y, x + 194, y + 282), fill="#bfe6ff", outline="#111111", width=4)
    return image


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def tiny_pdf() -> bytes:
    out = io.BytesIO()
    cover, page = cover_image(0), page_image()
    cover.save(out, format="PDF", save_all=True, append_images=[page], resolution=72)
    return out.getvalue()


# --- Rows ------------------------------------------------------------------------


def run_tag() -> str:
    """A fresh prefix for this run's usernames, so runs never collide."""
    User = get_user_model()
    while True:
        tag = secrets.token_hex(3)
        if not User.objects.filter(username__startswith=f"{USERNAME_PREFIX}{tag}-").exists():
            return tag


def make_users(*, count: int, rng: random.Random) -> list:
    User = get_user_model()
    tag = run_tag()
    password = make_password(None)  # unusable: nobody signs in as a seeded user
    rows = []
    for n in range(count):
        username = f"{USERNAME_PREFIX}{tag}-{n + 1:05d}"
        rows.append(
            User(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=password,
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n + 1}",
            )
        )
    return User.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def story(rng: random.Random) -> tuple[str, str]:
    """A title and an idea from the word lists, so searching for a creature or a place finds comics."""
    adjective, creature, place, deed = (rng.choice(words) for words in (ADJECTIVES, CREATURES, PLACES, DEEDS))
    title = rng.choice(
        (
            f"The {adjective.title()} {creature.title()}",
            f"The {creature.title()} of the {place.removeprefix('a ').removeprefix('the ').title()}",
            f"The {creature.title()}'s {rng.choice(TITLE_NOUNS)}",
        )
    )
    return title, f"a {adjective} {creature} who {deed} in {place}"


def between(start: datetime, end: datetime, rng: random.Random) -> datetime:
    return start + (end - start) * rng.random()


def make_comics(*, count: int, authors: list, files: SharedFiles, now: datetime, rng: random.Random) -> list[Comic]:
    style_slugs = list(styles.STYLES)
    providers = {kind: {"source": BUILTIN, "backend": "builtin", "model": "", "label": "Built-in (offline)"}
                 for kind in ("text", "image", "safety")}  # fmt: skip
    featured = set(rng.sample(range(count), min(MAX_FEATURED, max(1, count // 10)))) if count else set()
    rows = []
    for n in range(count):
        title, idea = story(rng)
        picture_book = rng.random() < PICTURE_BOOK_SHARE
        kind = Comic.Kind.PICTURE_BOOK if picture_book else Comic.Kind.COMIC
        shape = book_format.page_shape(kind)
        published_at = between(now - PUBLISHED_OVER, now, rng)
        cover = files.covers[n % len(files.covers)]
        rows.append(
            Comic(
                owner=authors[rng.randrange(len(authors))],
                title=title,
                idea=idea,
                kind=kind,
                style=rng.choice(style_slugs),
                layout=shape.layout,
                page_count=1,
                panels_per_page=shape.panels_per_page,
                seed=rng.randrange(2**31),
                visibility=Comic.Visibility.PUBLIC,
                published_at=published_at,
                featured_at=between(published_at, now, rng) if n in featured else None,
                cover_scene=idea,
                idea_screened=True,
                cover_art=cover,
                cover_image=cover,
                pdf=files.pdf,
                text_backend="builtin",
                image_backend="builtin",
                safety_backend="builtin",
                providers=providers,
            )
        )
    comics = Comic.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if not comics:
        return comics
    # auto_now_add stamped them all "now"; a book was made a little before it was published.
    made_now(comics, authors).update(created_at=F("published_at") - timedelta(hours=1))
    Page.objects.bulk_create(
        (
            Page(comic=comic, index=0, beat=comic.idea, layout=comic.layout, scripted=True, image=files.page)
            for comic in comics
        ),
        batch_size=BATCH_SIZE,
    )
    GenerationJob.objects.bulk_create(
        (
            GenerationJob(
                comic=comic,
                status=GenerationJob.Status.SUCCEEDED,
                progress=100,
                stage="Done",
                attempts=1,
                queued_at=comic.published_at - timedelta(hours=1),
                started_at=comic.published_at - timedelta(hours=1),
                finished_at=comic.published_at - timedelta(minutes=59),
            )
            for comic in comics
        ),
        batch_size=BATCH_SIZE,
    )
    return comics


def like_counts(*, total: int, comics: int, cap: int, rng: random.Random) -> list[int]:
    """How many likes each comic gets: a few popular, a long tail; none above ``cap`` (one per user)."""
    weights = [1 / (rank + 1) ** POPULARITY_SKEW for rank in range(comics)]
    rng.shuffle(weights)
    scale = total / sum(weights)
    counts = [min(cap, int(weight * scale)) for weight in weights]
    left = total - sum(counts)
    order = list(range(comics))
    while left:
        rng.shuffle(order)
        for index in order:
            if counts[index] < cap:
                counts[index] += 1
                left -= 1
                if not left:
                    break
    return counts


def make_likes(*, count: int, users: list, comics: list[Comic], now: datetime, rng: random.Random) -> int:
    """``count`` likes as unique (user, comic) pairs, each given after the comic was published.

    Comics published in the last week get all their likes inside it, older
    ones part of them, so trending and top differ.
    """
    if not count:
        return 0
    made = 0
    batch: list[Like] = []
    for comic, n in zip(comics, like_counts(total=count, comics=len(comics), cap=len(users), rng=rng), strict=True):
        for user_index in rng.sample(range(len(users)), n):
            batch.append(Like(user=users[user_index], comic=comic, created_at=between(comic.published_at, now, rng)))
        if len(batch) >= BATCH_SIZE:
            Like.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            made += len(batch)
            batch = []
    Like.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return made + len(batch)


def made_now(comics: list[Comic], authors: list):
    """This run's comics, by id and author ranges (a list of ids would be too long a query)."""
    comic_ids, author_ids = [c.pk for c in comics], [a.pk for a in authors]
    return Comic.objects.filter(
        pk__range=(min(comic_ids), max(comic_ids)), owner_id__gte=min(author_ids), owner_id__lte=max(author_ids)
    )


def count_likes(comics) -> None:
    """Set each of ``comics``' like_count from its Like rows, in one set-based UPDATE."""
    per_comic = Like.objects.filter(comic=OuterRef("pk")).order_by().values("comic").annotate(n=Count("pk")).values("n")
    comics.update(like_count=Coalesce(Subquery(per_comic), Value(0)))
