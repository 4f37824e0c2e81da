"""``review NEW --against OLD``: every form of a side (file, saved design, revision,
OWNER/SLUG, git:REF:PATH), the markdown and JSON, every --fail-on check of a comparison
firing and not firing, and bad input refused with nothing written."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess

import pytest

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.uncertain import Weights
from evaluator.web.management.commands.review import FINDINGS_EXIT_CODE

from .conftest import DESIGNS, answered, load
from .test_command import design_file, fails, run

REGRESSIONS = "recommendation-changed,new-veto,score-drop:6,confidence-drop"

# Design files are scored with the active packs when a database is there.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shop():
    return load("shop.yaml")


def tipped(shop):
    """Shop with the first component answer that changes a recommendation moved."""
    for component in evaluate(shop, default_knowledge()).components:
        for tip in component.tipping_points:
            if tip.scope == "component":
                return answered(shop, component.name, **{tip.question: tip.new})
    raise AssertionError("shop has no tipping point on a component's answer")


@pytest.fixture
def files(tmp_path, shop):
    """The shop and edits of it, each a file; each edit has one kind of change."""
    unsure = Weights((("yes", 0.5), ("no", 0.5)))
    return {
        "old": design_file(tmp_path, shop, "old.yaml"),
        "tipped": design_file(tmp_path, tipped(shop), "tipped.yaml"),
        "variant-limit": design_file(tmp_path, answered(shop, "Cart", memory_mb=20000), "v.yaml"),
        # Scores move (the largest drop is 6 points) but no recommendation or limit does.
        "small-team": design_file(
            tmp_path, dataclasses.replace(shop, context={**shop.context, "team_size": 3}), "t.yaml"
        ),
        "unsure": design_file(
            tmp_path, answered(shop, "Recommendation refresh", caller_waits=unsure), "u.yaml"
        ),
    }


def output(tmp_path):
    return tmp_path / "out" / "comment.md"


@pytest.fixture
def out(tmp_path):
    target = output(tmp_path)
    target.parent.mkdir()
    return target


# --- Output ------------------------------------------------------------------------------


def test_markdown_names_what_changed_and_why(files):
    text, _ = run(files["tipped"], "--against", files["old"])
    lines = text.splitlines()
    assert lines[0] == "## Architecture review: Online shop"
    assert lines[2].startswith("**1 of 7 components changed:** one recommendation changed")
    assert lines[2].endswith("; 6 unchanged.")
    assert lines[4] == "tipped.yaml against old.yaml; knowledge base 2026.12."
    assert lines.count("|  | Change |") == 1
    recommendation = next(line for line in lines if line.startswith("| Recommendation |"))
    assert " \u2192 **" in recommendation
    cause = next(line for line in lines if line.startswith("| Cause |"))
    assert "`" in cause and "\u2192" in cause


def test_an_unchanged_design_says_so_and_passes_every_check(files, tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(files["old"], copy)
    text, _ = run(copy, "--against", files["old"], "--fail-on", REGRESSIONS)
    assert "**0 of 7 components changed:**" in text
    assert "; 7 unchanged." in text
    assert "| Recommendation |" not in text


def test_json_lists_only_the_changed_components(files):
    text, _ = run(files["variant-limit"], "--against", files["old"], "--format", "json")
    data = json.loads(text)
    assert data["schema"] == "tradeoff-evaluator/review-against/1"
    assert data["old"]["source"] == "old.yaml" and data["new"]["source"] == "v.yaml"
    assert data["counts"]["vetoes_added"] == 1
    assert [c["name"] for c in data["components"]] == ["Cart"]
    (veto,) = data["components"][0]["vetoes_added"]
    assert veto == {
        "option": "serverless",
        "rule": "serverless.memory-over-lambda-limit",
        "title": "Memory need exceeds the AWS Lambda maximum",
        "variants": ["functions"],
        "variant_limit": True,
    }


def test_hostile_component_names_are_escaped(tmp_path, shop):
    from .conftest import renamed

    names = {c.name: c.name for c in shop.components}
    names["Cart"] = "Cart | <script>alert(1)</script> # `x`"
    old = renamed(shop, names)
    new = answered(old, names["Cart"], memory_mb=20000)
    text, _ = run(
        design_file(tmp_path, new, "n.yaml"), "--against", design_file(tmp_path, old, "o.yaml")
    )
    assert "### Cart \\| &lt;script&gt;alert(1)&lt;/script&gt; \\# \\`x\\`" in text
    assert "<script>" not in text


# --- --fail-on -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "new", "fires"),
    [
        ("recommendation-changed", "tipped", True),
        ("recommendation-changed", "small-team", False),
        ("new-veto", "variant-limit", True),
        ("new-veto", "small-team", False),
        ("score-drop:5", "small-team", True),
        ("score-drop:6", "small-team", False),
        ("confidence-drop", "unsure", True),
        ("confidence-drop", "variant-limit", False),
    ],
)
def test_each_check_of_a_comparison(files, out, check, new, fires):
    args = (files[new], "--against", files["old"], "-o", out, "--fail-on", check)
    if fires:
        error = fails(*args)
        assert error.returncode == FINDINGS_EXIT_CODE == 3
        assert f"[{check}]" in str(error)
        assert f"--fail-on {check}:" in str(error)
    else:
        run(*args)
    # Written either way, so CI can post it.
    assert out.read_text(encoding="utf-8").startswith("## Architecture review")


@pytest.mark.parametrize("check", ["new-veto", "confidence-drop"])
def test_going_back_is_no_regression(files, out, check):
    source = {"new-veto": "variant-limit", "confidence-drop": "unsure"}[check]
    run(files["old"], "--against", files[source], "-o", out, "--fail-on", check)


def test_the_checks_of_the_new_design_still_apply(files, out):
    error = fails(files["old"], "--against", files["old"], "-o", out, "--fail-on", "close-call")
    assert error.returncode == FINDINGS_EXIT_CODE
    assert "[close-call]" in str(error)


def test_the_findings_name_each_change(files, out):
    error = fails(
        files["variant-limit"], "--against", files["old"], "-o", out, "--fail-on", "new-veto"
    )
    assert (
        "[new-veto] Cart: a variant limit on Serverless (serverless.memory-over-lambda-limit)."
        in str(error)
    )


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-on", "score-drop:0"], "score-drop needs a whole number of points above 0"),
        (["--fail-on", "score-drop:-3"], "'-3' is not one"),
        (["--fail-on", "score-drop:abc"], "'abc' is not one"),
        (["--fail-on", "score-drop:2.5"], "'2.5' is not one"),
        (["--fail-on", "score-drop"], "unknown check 'score-drop'"),
        (["--fail-on", "new-vetoes"], "Did you mean 'new-veto'?"),
        (["--fail-on", "new-vetoes"], "score-drop:N, confidence-drop."),
        (["--format", "madr"], "--against writes --format md or json, not madr."),
        (["--against", "{tmp}/missing.yaml"], "--against {tmp}/missing.yaml: cannot be read"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(files, tmp_path, args, message):
    filled = [a.format(tmp=tmp_path) for a in args]
    if "--against" not in filled:
        filled = ["--against", str(files["old"]), *filled]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    error = fails(files["tipped"], *filled, "-o", tmp_path / "comment.md")
    assert message.format(tmp=tmp_path) in str(error)
    assert error.returncode == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    "check", ["recommendation-changed", "new-veto", "score-drop:3", "confidence-drop"]
)
def test_a_check_of_a_comparison_needs_against(files, check):
    error = fails(files["old"], "--fail-on", check)
    assert "name the earlier one with --against OLD" in str(error)
    assert error.returncode == 1


def test_help_names_against_and_its_checks():
    from evaluator.web.management.commands.review import Command

    text = Command().create_parser("manage.py", "review").format_help()
    # argparse wraps lines after a hyphen too.
    text = re.sub(r"-\n\s*", "-", text).replace("\n", " ")
    for word in ("--against", "git:REF:PATH", "SLUG@N", "recommendation-changed", "score-drop:N"):
        assert word in text


# --- --samples and --seed ----------------------------------------------------------------


def test_samples_and_seed_reach_both_sides(tmp_path, shop):
    name = "Recommendation refresh"
    old = answered(shop, name, caller_waits=Weights((("yes", 0.5), ("no", 0.5))))
    new = answered(shop, name, caller_waits=Weights((("yes", 0.3), ("no", 0.7))))
    paths = design_file(tmp_path, new, "n.yaml"), design_file(tmp_path, old, "o.yaml")
    text, _ = run(
        paths[0], "--against", paths[1], "--format", "json", "--samples", "300", "--seed", "7"
    )
    found = next(c for c in json.loads(text)["components"] if c["name"] == name)["certainty"]
    kb = default_knowledge()
    for side, spec in (("old", old), ("new", new)):
        expected = evaluate(spec, kb, samples=300, seed=7).component(name).uncertainty
        default = evaluate(spec, kb).component(name).uncertainty
        assert found[side]["share"] == expected.top_probability
        assert expected.samples == 300 != default.samples


# --- git:REF:PATH ------------------------------------------------------------------------


def git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path, monkeypatch, shop):
    """A repository with two commits of designs/shop.yaml (the second limits Cart's memory
    for AWS Lambda), the working copy changed again (a recommendation tipped), and the
    command run from a folder inside it."""
    root = tmp_path / "repo"
    (root / "designs").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    design_file(root / "designs", shop, "shop.yaml")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    design_file(root / "designs", answered(shop, "Cart", memory_mb=20000), "shop.yaml")
    git(root, "commit", "-q", "-am", "second")
    design_file(root / "designs", tipped(shop), "shop.yaml")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(root / "designs")
    return root


def test_a_file_against_its_committed_version(repo):
    text, _ = run("shop.yaml", "--against", "git:HEAD:designs/shop.yaml", "--format", "json")
    data = json.loads(text)
    assert data["old"]["source"] == "git:HEAD:designs/shop.yaml"
    assert data["counts"]["recommendations_changed"] == 1
    # The memory limit is in both: the commit and the working copy.
    assert data["counts"]["vetoes_added"] == 0


def test_two_revisions_in_git(repo):
    text, _ = run("git:HEAD:designs/shop.yaml", "--against", "git:main~1:./shop.yaml")
    assert "git:HEAD:designs/shop.yaml against git:main\\~1:./shop.yaml" in text
    assert (
        "| Hard limits added | Serverless, variant limit (*Functions as a service* only):" in text
    )


@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("git:nope:designs/shop.yaml", "git knows no revision 'nope' here; check its spelling"),
        ("git:HEAD:designs/none.yaml", "'designs/none.yaml' is not there at HEAD"),
        ("git:HEAD:designs", "'designs' is a directory at HEAD"),
        ("git:HEAD", "write git:REF:PATH, as in git:origin/main:designs/shop.yaml."),
        ("git:--output=x:shop.yaml", "a git revision cannot start with '-'."),
    ],
)
def test_bad_git_sides_are_refused_and_nothing_is_written(repo, side, message):
    before = sorted(p.name for p in repo.rglob("*"))
    error = fails("shop.yaml", "--against", side, "-o", "comment.md")
    assert str(error).startswith(f"--against {side}: {message}")
    assert error.returncode == 1
    assert "\n" not in str(error)
    assert sorted(p.name for p in repo.rglob("*")) == before


def test_outside_a_repository_git_sides_are_refused(tmp_path, monkeypatch, files):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    error = fails("git:HEAD:shop.yaml", "--against", files["old"], "-o", "comment.md")
    assert str(error) == (
        "NEW git:HEAD:shop.yaml: the current directory is not in a git repository; run the"
        " command from the repository's checkout."
    )
    assert not (tmp_path / "comment.md").exists()


def test_a_design_that_does_not_read_at_a_ref_names_the_ref_and_line(repo):
    (repo / "designs" / "shop.yaml").write_text("format: tradeoff-evaluator/1\nname: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    error = fails(str(DESIGNS / "shop.yaml"), "--against", "git:HEAD:designs/shop.yaml")
    assert "HEAD:designs/shop.yaml" in str(error)
    assert "line" in str(error)
    assert error.returncode == 1


# --- Saved designs -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_design_against_its_first_revision(alice_design):
    slug = alice_design.slug
    text, _ = run(slug, "--against", f"{slug}@1", "--format", "json")
    data = json.loads(text)
    assert (data["new"]["source"], data["new"]["revision"]) == (slug, 2)
    assert (data["old"]["source"], data["old"]["revision"]) == (slug, 1)
    markdown, _ = run(f"alice/{slug}@2", "--against", f"alice/{slug}@1")
    assert f"{slug} at revision 2 against {slug} at revision 1" in markdown


@pytest.mark.django_db
def test_a_file_against_a_saved_design(alice_design, files):
    data = json.loads(run(files["tipped"], "--against", alice_design.slug, "--format", "json")[0])
    from evaluator.reports import content_hash
    from evaluator.web import services

    latest = alice_design.revisions.get(number=2)
    assert data["old"]["revision"] == 2
    assert (
        data["old"]["content_hash"] == f"sha256:{content_hash(services.spec_from_snapshot(latest))}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "message"),
    [
        (
            "{slug}@3",
            "--against {slug}@3: The design '{slug}' has no revision 3; its revisions are 1 to 2.",
        ),
        (
            "{slug}@x",
            "--against {slug}@x: after '@' write a revision number from 1, as in {slug}@2.",
        ),
        ("{slug}@0", "--against {slug}@0: after '@' write a revision number from 1"),
        ("bob/{slug}", "--against bob/{slug}: There is no design of the user 'bob' with the slug"),
        ("no-such-design", "--against no-such-design: There is no design with the slug"),
    ],
)
def test_bad_saved_sides_are_refused(alice_design, files, tmp_path, side, message):
    side = side.format(slug=alice_design.slug)
    error = fails(files["old"], "--against", side, "-o", tmp_path / "comment.md")
    assert str(error).startswith(message.format(slug=alice_design.slug))
    assert error.returncode == 1
    assert not (tmp_path / "comment.md").exists()
