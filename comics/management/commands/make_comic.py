"""Make a comic from the command line, synchronously, with the same pipeline."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from comics import book_format, layouts, pipeline, services, styles
from comics.forms import StudioForm
from comics.models import MAX_PAGES, MAX_PANELS, Comic, GenerationJob

LOCAL_USER = "local"
# Form field -> the option a user typed, so errors speak the CLI's language.
OPTION_NAMES = {"idea": "IDEA", "panels_per_page": "--panels", "page_size": "--page-size"}


class Command(BaseCommand):
    help = "Generate a comic or picture book from one idea and write its PDF."

    def add_arguments(self, parser):
        parser.add_argument("idea", help='The idea, e.g. "a shy dragon who opens a tiny tea shop"')
        pages, panels = book_format.DEFAULT_PAGES, book_format.DEFAULT_PANELS_PER_PAGE
        parser.add_argument("--pages", type=int, default=pages, help=f"1 to {MAX_PAGES} (default {pages})")
        parser.add_argument(
            "--panels", type=int, default=panels, help=f"panels per page, 1 to {MAX_PANELS} (default {panels})"
        )
        parser.add_argument("--kind", choices=[k for k, _ in Comic.Kind.choices], default=Comic.Kind.COMIC)
        # Choices here, so a typo is answered with the values there are (the studio's form lists them on screen).
        parser.add_argument("--style", choices=list(styles.STYLES), default=styles.DEFAULT_STYLE)
        parser.add_argument("--layout", choices=list(layouts.COMIC_LAYOUTS), default=layouts.DEFAULT_LAYOUT)
        parser.add_argument("--page-size", choices=list(layouts.PAGE_SIZES), default=layouts.DEFAULT_PAGE_SIZE)
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--out", default=None, help="Where to write the PDF (default: ./<title>.pdf)")
        parser.add_argument(
            "--user",
            default=None,
            help=f"Owner's username: the comic uses their provider accounts and defaults (default: '{LOCAL_USER}')",
        )

    def handle(self, *args, **opts):
        form = StudioForm(
            {
                "idea": opts["idea"],
                "kind": opts["kind"],
                "pages": opts["pages"],
                "panels_per_page": opts["panels"],
                "style": opts["style"],
                "layout": opts["layout"],
                "page_size": opts["page_size"],
                "seed": opts["seed"],
            }
        )
        if not form.is_valid():
            problems = "; ".join(
                f"{OPTION_NAMES.get(field, '--' + field.replace('_', '-'))}: {' '.join(errs)}"
                for field, errs in form.errors.items()
            )
            raise CommandError(problems)
        if opts["out"]:
            self.check_writable(Path(opts["out"]))
        owner = self.owner(opts["user"])
        comic, job = services.create_comic(owner=owner, enqueue=False, **form.comic_options())
        self.stderr.write(f"Making comic {comic.pk} ({comic.page_count} pages)…")
        self.stderr.write(self.makers(comic.providers))
        job = pipeline.run_job(job.pk)
        if job is None or job.status != GenerationJob.Status.SUCCEEDED:
            raise CommandError(f"Comic {comic.pk} failed: {job.error if job else 'the job could not start'}")
        comic.refresh_from_db()
        out = opts["out"] or f"{slugify(comic.title)[:60] or 'comic'}-{comic.pk}.pdf"
        try:
            with open(out, "wb") as fh, comic.pdf.open("rb") as src:
                fh.write(src.read())
        except OSError as exc:
            raise CommandError(f"Could not write {out}: {exc}") from exc
        self.stdout.write(f"comic {comic.pk}")
        self.stdout.write(f"pdf {out}")

    @staticmethod
    def makers(chosen: dict) -> str:
        """ "Written by …, painted by …, checked by …": the providers this run uses (never a key)."""

        def name(kind: str) -> str:
            entry = chosen.get(kind, {})
            if entry.get("source", "builtin") == "builtin":
                return "the built-in backend"
            return f"{entry['label']} ({entry['model']})" if entry.get("model") else entry["label"]

        return f"Written by {name('text')}, painted by {name('image')}, checked by {name('safety')}."

    @staticmethod
    def check_writable(out: Path) -> None:
        """Fail before generating anything rather than after."""
        folder = out.resolve().parent
        if out.is_dir():
            raise CommandError(f"Could not write {out}: it is a folder.")
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise CommandError(f"Could not write {out}: the folder {folder} does not exist or is not writable.")

    def owner(self, username):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"There is no user called {username!r}.") from None
        user, created = User.objects.get_or_create(username=LOCAL_USER)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user
