"""Make the home page's sample pages again with the built-in backends (see ``comics.home_samples``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comics import home_samples


class Command(BaseCommand):
    help = (
        "Make the cover and pages the home page shows, with the built-in storyteller and painter, "
        "from fixed ideas and seeds, and write them as WebP images with their manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=home_samples.DEFAULT_OUTPUT,
            help=f"Folder to write into (default: {home_samples.DEFAULT_OUTPUT})",
        )

    def handle(self, *args, **opts):
        output: Path = opts["output"]
        if output.exists() and not output.is_dir():
            raise CommandError(f"Could not write into {output}: it is not a folder.")
        self.stderr.write(f"Making {len(home_samples.BOOKS)} books with the built-in backends…")
        try:
            samples = home_samples.render(output)
        except (home_samples.SampleError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        total = 0
        for sample in samples:
            size = (output / sample["file"]).stat().st_size
            total += size
            self.stdout.write(f"{sample['file']} {sample['width']}x{sample['height']} {size // 1024} KiB")
        self.stdout.write(f"{home_samples.MANIFEST_NAME} ({total // 1024} KiB of images in {output})")
