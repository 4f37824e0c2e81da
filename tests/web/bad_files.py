"""Design files that must be refused, each with words its refusal must contain."""

HEAD = "format: tradeoff-evaluator/1\nname: Refused design\n"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


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
}
