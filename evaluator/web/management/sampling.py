"""The --samples and --seed options that ``evaluate`` and ``review`` share, read with
the engine's own limits (``engine.sampling.check_samples``)."""

from __future__ import annotations

from django.core.management.base import CommandError

from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES, check_samples


def add_sampling_arguments(parser) -> None:
    parser.add_argument(
        "--samples",
        metavar="N",
        help="How many sets of answers to draw where answers are ranges or weights"
        f" (default {DEFAULT_SAMPLES:,}, at most {MAX_SAMPLES:,}).",
    )
    parser.add_argument(
        "--seed",
        metavar="S",
        help=f"The seed of the draws, a whole number from 0 (default {DEFAULT_SEED}):"
        " the same seed gives the same probabilities.",
    )


def _whole(text: str | None, flag: str, default: int) -> int:
    if text is None:
        return default
    cleaned = text.strip().replace("_", "").replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        raise CommandError(f"{flag} {text!r}: write a whole number, such as {default}.") from None


def sampling_options(options: dict) -> tuple[int, int]:
    """(samples, seed) from the command's options, or a CommandError saying what to write."""
    samples = _whole(options.get("samples"), "--samples", DEFAULT_SAMPLES)
    seed = _whole(options.get("seed"), "--seed", DEFAULT_SEED)
    try:
        check_samples(samples, seed)
    except ValueError as error:
        flag = "--seed" if "seed" in str(error) else "--samples"
        raise CommandError(f"{flag}: {error}") from None
    return samples, seed
