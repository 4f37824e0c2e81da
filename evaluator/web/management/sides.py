"""The design a review command reads, named on its command line: one resolver for
``review DESIGN`` and for both sides of ``review NEW --against OLD``.

- ``PATH``: a design file, read without any database;
- ``SLUG`` or ``OWNER/SLUG``, optionally ``@N``: a saved design at its latest revision, or
  at revision N (only now is the database needed);
- ``git:REF:PATH``: the file as it is at REF in the current directory's repository, read
  with ``git show`` (no shell; PATH from the top of the repository, as git reads it).

Bad input raises ``CommandError`` with one line naming the side and what to do.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

from evaluator.engine import Evaluation, EvaluatorError, KnowledgeBase, evaluate
from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED
from evaluator.engine.spec import DesignSpec, parse_design
from evaluator.reports import ReviewMeta, review_meta

from .packoptions import file_knowledge, refuse_for_saved

__all__ = ["GIT_PREFIX", "Side", "read_side"]

GIT_PREFIX = "git:"
# Reading one file out of a local repository takes milliseconds; a minute means a hang.
GIT_TIMEOUT_S = 60


@dataclass(frozen=True)
class Side:
    spec: DesignSpec
    evaluation: Evaluation
    kb: KnowledgeBase
    meta: ReviewMeta


def read_side(
    text: str,
    *,
    date: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    role: str = "",
    packs: dict | None = None,
    what_if: bool = True,
) -> Side:
    """The design ``text`` names, scored. ``role`` ("--against", …) starts every error
    message, so a person can tell which side was wrong. ``packs``: the command's --pack
    and --no-packs options (``packoptions``), which say what a file is scored with.
    ``what_if=False``: a file is scored without tipping and trade-off points, which a
    comparison of two sides does not show (``engine.evaluate``)."""
    prefix = f"{role} {text}" if role else text
    packs = packs or {"pack": [], "no_packs": False}
    path = Path(text)
    if text.startswith(GIT_PREFIX):
        source, filename = _git_file(text, prefix)
        shown = text
    elif path.is_file() or text.endswith((".yaml", ".yml")):
        try:
            source = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{prefix}: cannot be read ({error.strerror}).") from None
        # The file's name only, so a review does not change with the checkout's path.
        filename, shown = text, path.name
    else:
        refuse_for_saved(packs, text)
        side = _saved(text, prefix, date)
        if (samples, seed) != (DEFAULT_SAMPLES, DEFAULT_SEED):
            evaluation = evaluate(side.spec, side.kb, samples=samples, seed=seed)
            side = Side(side.spec, evaluation, side.kb, side.meta)
        return side
    kb = file_knowledge(packs)
    try:
        spec = parse_design(source, filename=filename, knowledge=kb)
    except EvaluatorError as error:
        raise CommandError(str(error)) from None
    meta = review_meta(spec, kb, source=shown, date=date)
    evaluation = evaluate(spec, kb, samples=samples, seed=seed, what_if=what_if)
    return Side(spec, evaluation, kb, meta)


def _saved_reference(text: str, prefix: str) -> tuple[str, int | None]:
    """(OWNER/SLUG or SLUG, revision number or None); '@' counts only after the last '/',
    as a user name may hold one."""
    owner, slash, rest = text.rpartition("/")
    slug, at, number = rest.partition("@")
    if not at:
        return text, None
    if not number.isdecimal() or int(number) < 1:
        raise CommandError(f"{prefix}: after '@' write a revision number from 1, as in {slug}@2.")
    return f"{owner}{slash}{slug}", int(number)


def _saved(text: str, prefix: str, date: str | None) -> Side:
    # Not a file: a saved design. The web app's own function reads it, so the command and
    # the download give equal bytes.
    from django.db import DatabaseError

    from evaluator.web import services
    from evaluator.web.models import Design
    from evaluator.web.review.services import NoSuchRevision, review_inputs

    reference, revision = _saved_reference(text, prefix)
    try:
        found = services.find_design(reference)
        spec, evaluation, kb, meta = review_inputs(found, date=date, revision=revision)
    except Design.DoesNotExist as error:
        shown = f"{prefix}: {error}" if prefix != text else str(error)
        raise CommandError(f"{shown} (And there is no file of that name.)") from None
    except NoSuchRevision as error:
        raise CommandError(f"{prefix}: {error}") from None
    except DatabaseError as error:
        raise CommandError(
            f"'{text}' is not a file and the database cannot be read: {error}"
        ) from None
    except EvaluatorError as error:
        raise CommandError(str(error)) from None
    return Side(spec, evaluation, kb, meta)


# --- git:REF:PATH --------------------------------------------------------------------------


def _git(args: list[str], prefix: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(  # noqa: S603 - an argument list, no shell
            ["git", *args],  # noqa: S607 - git is found on PATH, as a person's shell would
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError:
        raise CommandError(f"{prefix}: git is not installed, or not on PATH.") from None
    except subprocess.TimeoutExpired:
        raise CommandError(f"{prefix}: git did not answer within {GIT_TIMEOUT_S} s.") from None


def _git_file(text: str, prefix: str) -> tuple[bytes, str]:
    """The bytes of PATH at REF, and the name to read them under ('REF:PATH')."""
    ref, colon, path = text[len(GIT_PREFIX) :].partition(":")
    if not colon or not ref or not path:
        raise CommandError(
            f"{prefix}: write git:REF:PATH, as in git:origin/main:designs/shop.yaml."
        )
    if ref.startswith("-"):
        raise CommandError(f"{prefix}: a git revision cannot start with '-'.")
    if _git(["rev-parse", "--is-inside-work-tree"], prefix).returncode != 0:
        raise CommandError(
            f"{prefix}: the current directory is not in a git repository; run the command"
            " from the repository's checkout."
        )
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], prefix).returncode != 0:
        raise CommandError(
            f"{prefix}: git knows no revision '{ref}' here; check its spelling, or fetch it"
            " (in CI, check out with the history: fetch-depth: 0)."
        )
    kind = _git(["cat-file", "-t", f"{ref}:{path}"], prefix)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        what = "a directory" if kind.stdout.strip() == b"tree" else "not there"
        raise CommandError(
            f"{prefix}: '{path}' is {what} at {ref}; give a file's path from the top of the"
            " repository (or ./PATH from the current directory)."
        )
    shown = _git(["show", f"{ref}:{path}"], prefix)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CommandError(f"{prefix}: git show failed: {message[-1] if message else '?'}")
    return shown.stdout, f"{ref}:{path}"
