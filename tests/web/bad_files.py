"""Design files that must be refused, each with words its refusal must contain."""

HEAD = "format: tradeoff-evaluator/1\nname: Refused design\n"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _answer(line: str) -> bytes:
    """A design whose one component has one answer: ``line``, on line 7."""
    return (
        HEAD + f"components:\n  - name: Billing\n    kind: api\n    answers:\n      {line}\n"
    ).encode()


BAD_FILES = [
    # (id, file content, words the message must contain)
    (
        "oversize",
        (HEAD + "summary: " + "x" * (300 * 1024) + "\n").encode(),
        "at most 262,144 bytes",
    ),
    ("not-utf8", HEAD.encode() + b"summary: caf\xe9\n", "not UTF-8"),
    (
        "several-documents",
        (HEAD + "---\n" + HEAD).encode(),
        "more than one YAML document",
    ),
    (
        "anchor-and-alias",
        (HEAD + "context: &shared {team_size: 3}\npriorities: *shared\n").encode(),
        "anchors (&name) are not allowed",
    ),
    (
        "python-object-tag",
        (HEAD + "summary: !!python/object:os.system {}\n").encode(),
        "!!python/object",
    ),
    ("binary-tag", (HEAD + "summary: !!binary aGVsbG8=\n").encode(), "!!binary"),
    (
        "too-deep",
        (HEAD + "context:\n  team_size: " + _nested(40) + "\n").encode(),
        "nested more than 32 levels",
    ),
    (
        "duplicate-component-names",
        (
            HEAD + "components:\n"
            "  - {name: Billing, kind: api}\n"
            "  - {name: billing, kind: worker}\n"
        ).encode(),
        "used twice",
    ),
    (
        "missing-dependency",
        (
            HEAD + "components:\n"
            "  - name: Billing\n"
            "    kind: api\n"
            "    depends_on: [{component: Ledger, style: sync}]\n"
        ).encode(),
        "not a component of this design",
    ),
    ("unknown-key", (HEAD + "colour: blue\n").encode(), "unknown key 'colour'"),
    (
        "over-long-name",
        ("format: tradeoff-evaluator/1\nname: " + "N" * 121 + "\n").encode(),
        "at most 120 are allowed",
    ),
    (
        "unknown-answer",
        (
            HEAD + "components:\n  - name: Billing\n    kind: api\n    answers: {peak_rsp: 5}\n"
        ).encode(),
        "peak_rps",
    ),
    # Uncertain answers (ranges and weights) are checked by the same reader.
    ("range-low-above-high", _answer("peak_rps: {low: 5000, high: 200}"), "above its high"),
    (
        "range-likely-outside",
        _answer("peak_rps: {low: 10, likely: 900, high: 100}"),
        "likely (900) is outside the range 10 to 100",
    ),
    (
        "weights-not-summing-to-1",
        _answer("traffic_pattern: {spiky: 0.5, steady: 0.3}"),
        "must add up to 1 (within 0.01)",
    ),
    (
        "weight-outside-0-1",
        _answer("caller_waits: {yes: 1.5, no: -0.5}"),
        "must be a number from 0 to 1",
    ),
    (
        "range-on-a-choice",
        _answer("traffic_pattern: {low: 1, high: 2}"),
        "only fits a number question",
    ),
    ("unknown-weighted-choice", _answer("traffic_pattern: {spikey: 1}"), "Did you mean 'spiky'?"),
    (
        "too-many-uncertain-answers",
        (
            HEAD
            + "components:\n"
            + "".join(
                f"  - name: C{i}\n    kind: api\n    answers:\n"
                + "".join(
                    f"      {qid}: {{low: 1, high: 2}}\n"
                    for qid in ("peak_rps", "avg_rps", "write_rps", "payload_kb", "memory_mb")
                )
                for i in range(201)
            )
        ).encode(),
        "more than 1,000 uncertain answers",
    ),
]

# Where YAML knows the place, the message names it.
LINES = {
    "not-utf8": "line 3",
    "several-documents": "line 3",
    "anchor-and-alias": "line 3",
    "python-object-tag": "line 3",
    "duplicate-component-names": "line 5",
    "missing-dependency": "line 6",
    "unknown-key": "line 3",
    "range-low-above-high": "line 7, column 18",
    "range-likely-outside": "line 7, column 27",
    "weights-not-summing-to-1": "line 7, column 7",
    "weight-outside-0-1": "line 7, column 22",
    "range-on-a-choice": "line 7, column 7",
    "unknown-weighted-choice": "line 7, column 25",
}
