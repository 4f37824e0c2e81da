"""import_designs, export_design and verify_history, as a team runs them in CI."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from evaluator.engine.spec import parse_design
from evaluator.web.models import Component, Design, Revision

from .bad_files import BAD_FILES, LINES

pytestmark = pytest.mark.django_db


def row_counts():
    return (Design.objects.count(), Component.objects.count(), Revision.objects.count())


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def shop_file(tmp_path, shop_yaml):
    path = tmp_path / "shop.yaml"
    path.write_text(shop_yaml, encoding="utf-8")
    return path


def test_import_then_export_gives_back_the_same_design(shop_file, tmp_path):
    run("import_designs", "--examples", str(shop_file))
    exported = tmp_path / "out.yaml"
    run("export_design", "corner-shop", "-o", str(exported))
    original = parse_design(shop_file.read_bytes())
    assert parse_design(exported.read_bytes()) == original
    # And a second round trip is byte for byte stable.
    run("import_designs", "--examples", str(exported))
    assert run("export_design", "corner-shop") == exported.read_text(encoding="utf-8")


def test_reimport_is_idempotent(shop_file):
    first = run("import_designs", "--examples", str(shop_file))
    counts = row_counts()
    second = run("import_designs", "--examples", str(shop_file))
    assert "1 created" in first
    assert "1 unchanged" in second
    assert row_counts() == counts


def test_reimport_of_a_changed_file_adds_one_revision(shop_file):
    run("import_designs", "--examples", str(shop_file))
    shop_file.write_text(
        shop_file.read_text().replace("team_size: 6", "team_size: 12"), encoding="utf-8"
    )
    output = run("import_designs", "--examples", str(shop_file))
    design = Design.objects.get()
    assert "1 updated" in output
    assert design.revisions.count() == 2
    assert design.context["team_size"] == 12


def test_import_a_folder_for_an_owner(tmp_path, shop_yaml, alice):
    (tmp_path / "a.yaml").write_text(shop_yaml)
    (tmp_path / "b.yml").write_text(shop_yaml.replace("Corner Shop", "Bakery"))
    (tmp_path / "notes.txt").write_text("not a design")
    run("import_designs", "--owner", "alice", str(tmp_path))
    assert sorted(Design.objects.owned_by(alice).values_list("name", flat=True)) == [
        "Bakery",
        "Corner Shop",
    ]
    assert not Design.objects.examples().exists()


def test_import_needs_examples_or_an_owner(shop_file):
    with pytest.raises(CommandError):
        call_command("import_designs", str(shop_file))


def test_import_for_an_unknown_user_is_refused(shop_file):
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        run("import_designs", "--owner", "nobody", str(shop_file))
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "words"),
    [pytest.param(content, words, id=name) for name, content, words in BAD_FILES],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_saved(
    tmp_path, content, words, request, example_design
):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        run("import_designs", "--examples", str(path))
    message = str(refused.value)
    assert words in message
    assert str(path) in message
    line = LINES.get(request.node.callspec.id)
    if line:
        assert line in message
    assert row_counts() == before


def test_one_bad_file_stops_the_whole_import(tmp_path, shop_yaml):
    (tmp_path / "a-good.yaml").write_text(shop_yaml)
    (tmp_path / "b-bad.yaml").write_text(shop_yaml + "colour: blue\n")
    bad_line = shop_yaml.count("\n") + 1
    with pytest.raises(CommandError, match=f"b-bad.yaml, line {bad_line}, column 1"):
        run("import_designs", "--examples", str(tmp_path))
    assert row_counts() == (0, 0, 0)


def test_two_files_with_the_same_design_name_are_refused(tmp_path, shop_yaml):
    (tmp_path / "a.yaml").write_text(shop_yaml)
    (tmp_path / "b.yaml").write_text(shop_yaml)
    with pytest.raises(CommandError, match="both hold a design called 'Corner Shop'"):
        run("import_designs", "--examples", str(tmp_path))
    assert row_counts() == (0, 0, 0)


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        run("import_designs", "--examples", str(tmp_path / "nope.yaml"))


def test_export_of_an_unknown_slug_is_refused():
    with pytest.raises(CommandError, match="no design with the slug 'ghost'"):
        run("export_design", "ghost")


def test_verify_history_reports_an_intact_history(alice_design, example_design):
    output = run("verify_history")
    assert "History intact: 3 revision(s) of 2 design(s)" in output


def test_verify_history_fails_naming_a_tampered_revision(alice_design, example_design):
    second = alice_design.revisions.get(number=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE web_revision SET snapshot = %s WHERE id = %s",
            [second.snapshot.replace('"team_size":7', '"team_size":70'), second.pk],
        )
    with pytest.raises(CommandError) as failed:
        run("verify_history")
    message = str(failed.value)
    assert f"{alice_design.slug}: revision 2 " in message
    assert example_design.slug + ":" not in message
    # The untouched design still checks out on its own.
    assert "History intact" in run("verify_history", example_design.slug)


def test_verify_history_of_an_unknown_slug_is_refused():
    with pytest.raises(CommandError, match="no design with the slug 'ghost'"):
        run("verify_history", "ghost")
