"""``manage.py make_comic``: one idea in, a PDF on disk out."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comics.models import Comic, GenerationJob

pytestmark = pytest.mark.django_db

IDEA = "a shy dragon who opens a tiny tea shop"


def make(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("make_comic", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def pdf_page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", path.read_bytes()))


def test_makes_a_comic_and_writes_its_pdf(tmp_path):
    target = tmp_path / "out.pdf"

    stdout, stderr = make(IDEA, "--pages", "2", "--panels", "2", "--seed", "3", "--out", str(target))

    comic = Comic.objects.get()
    assert f"comic {comic.pk}" in stdout
    assert str(target) in stdout
    assert target.exists()
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_page_count(target) == 1 + 2, "the cover and two pages"
    with comic.pdf.open("rb") as stored:
        assert stored.read() == data, "the written file is the comic's PDF"
    assert (comic.idea, comic.page_count, comic.panels_per_page, comic.seed) == (IDEA, 2, 2, 3)
    assert comic.pages.count() == 2
    assert all(page.panels.count() == 2 for page in comic.pages.all())
    assert comic.latest_job().status == GenerationJob.Status.SUCCEEDED
    assert f"comic {comic.pk}" in stderr or "Making comic" in stderr


def test_without_user_the_comic_belongs_to_a_local_user(tmp_path, django_user_model):
    make(IDEA, "--pages", "1", "--panels", "1", "--out", str(tmp_path / "a.pdf"))
    make(IDEA, "--pages", "1", "--panels", "1", "--out", str(tmp_path / "b.pdf"))

    local = django_user_model.objects.get(username="local")
    assert not local.has_usable_password(), "the local user must not be able to log in"
    assert Comic.objects.count() == 2
    assert set(Comic.objects.values_list("owner", flat=True)) == {local.pk}
    assert django_user_model.objects.filter(username="local").count() == 1


def test_with_user_the_comic_belongs_to_them(alice, tmp_path, django_user_model):
    make(IDEA, "--pages", "1", "--panels", "2", "--user", "alice", "--out", str(tmp_path / "a.pdf"))

    assert Comic.objects.get().owner == alice
    assert not django_user_model.objects.filter(username="local").exists()


def test_a_picture_book(tmp_path):
    target = tmp_path / "book.pdf"

    _stdout, _ = make(IDEA, "--kind", "picture_book", "--pages", "2", "--style", "storybook", "--out", str(target))

    comic = Comic.objects.get()
    assert comic.kind == "picture_book"
    assert comic.panels_per_page == 1
    assert comic.layout == "full-page"
    assert all(page.panels.count() == 1 for page in comic.pages.all())
    assert pdf_page_count(target) == 3


def test_without_out_the_pdf_lands_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    stdout, _ = make(IDEA, "--pages", "1", "--panels", "1", "--seed", "5")

    comic = Comic.objects.get()
    written = list(tmp_path.glob(f"*-{comic.pk}.pdf"))
    assert len(written) == 1
    assert written[0].read_bytes().startswith(b"%PDF")
    assert written[0].name in stdout


def test_the_same_seed_gives_the_same_story(tmp_path):
    make(IDEA, "--pages", "1", "--panels", "2", "--seed", "9", "--out", str(tmp_path / "a.pdf"))
    make(IDEA, "--pages", "1", "--panels", "2", "--seed", "9", "--out", str(tmp_path / "b.pdf"))

    first, second = Comic.objects.order_by("pk")
    assert first.title == second.title
    scenes = [list(c.pages.get().panels.values_list("scene", flat=True)) for c in (first, second)]
    assert scenes[0] == scenes[1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param([IDEA, "--pages", "13"], "12", id="pages-13"),
        pytest.param([IDEA, "--pages", "0"], "1", id="pages-0"),
        pytest.param([IDEA, "--panels", "0"], "1", id="panels-0"),
        pytest.param([IDEA, "--panels", "7"], "6", id="panels-7"),
        pytest.param([IDEA, "--style", "nope"], "nope", id="unknown-style"),
        pytest.param([IDEA, "--layout", "spiral"], "spiral", id="unknown-layout"),
        pytest.param([IDEA, "--page-size", "a3"], "a3", id="unknown-page-size"),
        pytest.param([IDEA, "--seed", "-1"], "0", id="negative-seed"),
        pytest.param(["", "--pages", "1"], "Type an idea", id="empty-idea"),
        pytest.param(["   ", "--pages", "1"], "Type an idea", id="whitespace-idea"),
        pytest.param(["x" * 1001], "1,000 characters", id="idea-too-long"),
        pytest.param([IDEA, "--user", "nobody"], "nobody", id="unknown-user"),
    ],
)
def test_bad_input_is_a_clear_error_and_creates_nothing(tmp_path, django_user_model, args, words):
    target = tmp_path / "out.pdf"
    users_before = django_user_model.objects.count()

    with pytest.raises(CommandError) as error:
        make(*args, "--out", str(target))

    assert words in str(error.value)
    assert Comic.objects.count() == 0
    assert GenerationJob.objects.count() == 0
    assert django_user_model.objects.count() == users_before
    assert not target.exists()


def test_unknown_user_error_names_the_user(tmp_path):
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        make(IDEA, "--user", "nobody", "--out", str(tmp_path / "out.pdf"))


def test_an_unwritable_out_path_is_a_clear_error(tmp_path):
    target = tmp_path / "missing-folder" / "out.pdf"

    with pytest.raises(CommandError, match="Could not write"):
        make(IDEA, "--pages", "1", "--panels", "1", "--out", str(target))

    assert not target.exists()
