"""Hostile design files: each with words its refusal must contain.

``bad_files.BAD_FILES`` (tests/web) holds the first set (oversize, not UTF-8, several
documents, anchors, Python and binary tags, deep nesting, duplicate names, missing
dependencies, unknown keys, long names); these are the rest of what arrives from
outside. Each body follows the same two-line head.
"""

HEAD = b"format: tradeoff-evaluator/1\nname: Refused design\n"


def components(count: int) -> bytes:
    return b"components:\n" + b"".join(
        b"  - {name: C%d, kind: api}\n" % number for number in range(count)
    )


def component_with(answers: str) -> bytes:
    return f"components:\n  - name: Billing\n    kind: api\n    answers: {{{answers}}}\n".encode()


BILLION_LAUGHS = (
    b"context:\n"
    b"  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    b"  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    b"  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
)

# (id, body after HEAD, words the message must contain)
HOSTILE_BODIES = [
    ("alias-bomb", BILLION_LAUGHS, "anchors"),
    ("very-deep-nesting", b"context: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested more than"),
    (
        "deep-mappings",
        b"context:\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(1, 60)),
        "nested more than",
    ),
    (
        "python-apply-tag",
        b"summary: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "!!python/object/apply:os.system",
    ),
    ("python-name-tag", b"summary: !!python/name:builtins.eval\n", "!!python/name"),
    ("set-tag", b"summary: !!set {a, b}\n", "!!set"),
    ("custom-tag", b"summary: !include /etc/passwd\n", "!include"),
    ("nul-byte", b"summary: before\x00after\n", "NUL byte"),
    (
        "escape-in-a-name",
        b'components:\n  - {name: "\\e[31mA", kind: api}\n',
        "without control characters",
    ),
    ("utf16", "summary: hello\n".encode("utf-16"), "UTF-8"),
    ("latin1", "summary: Zürich\n".encode("latin-1"), "not UTF-8"),
    ("wrong-type-components", b"components: not a list\n", "components"),
    ("wrong-type-context", b"context: [1, 2]\n", "context"),
    ("wrong-type-summary", b"summary: {a: 1}\n", "summary"),
    ("wrong-type-answer", component_with("peak_rps: fast"), "peak_rps"),
    ("wrong-type-bool", component_with("caller_waits: maybe"), "caller_waits"),
    ("wrong-choice", component_with("traffic_pattern: chaotic"), "traffic_pattern"),
    ("nan", component_with("peak_rps: .nan"), "peak_rps"),
    ("infinity", component_with("peak_rps: .inf"), "peak_rps"),
    ("minus-infinity", component_with("latency_p99_ms: -.inf"), "latency_p99_ms"),
    ("overflowing-float", component_with("peak_rps: 1e999"), "peak_rps"),
    ("negative", component_with("peak_rps: -5"), "peak_rps"),
    ("absurd-number", component_with("peak_rps: 1e300"), "peak_rps"),
    ("huge-integer", b"context: {team_size: " + b"9" * 4000 + b"}\n", "about 4,000 digits"),
    ("unreadable-integer", b"context: {team_size: " + b"9" * 5000 + b"}\n", "far too long"),
    ("huge-hex", b"context: {team_size: 0x" + b"f" * 5000 + b"}\n", "team_size"),
    ("long-summary", b"summary: " + b"s" * 5000 + b"\n", "at most 4,000"),
    (
        "long-component-name",
        b"components:\n  - {name: " + b"n" * 10_000 + b", kind: api}\n",
        "at most 120",
    ),
    ("long-text-answer", component_with("regions: " + "r" * 1000), "regions"),
    ("duplicate-keys", b"summary: one\nsummary: two\n", "summary"),
    (
        "self-dependency",
        b"components:\n  - {name: A, kind: api, depends_on: [{component: A, style: sync}]}\n",
        "itself",
    ),
    (
        "dependency-twice",
        b"components:\n  - {name: A, kind: api}\n  - name: B\n    kind: api\n"
        b"    depends_on: [{component: A, style: sync}, {component: A, style: async}]\n",
        "twice",
    ),
    ("unknown-kind", b"components:\n  - {name: A, kind: mainframe}\n", "mainframe"),
    ("thousands-of-components", components(2000), "at most 500"),
    ("empty-name", b"components:\n  - {name: '', kind: api}\n", "name"),
    ("priority-not-a-level", b"priorities: {cost: extreme}\n", "extreme"),
]

# Accepted designs whose texts try to become markup, script or diagrams wherever they
# are shown. Each payload, if it ever ran, would set window.__pwned or call alert().
SCRIPT_PAYLOADS = {
    "name": "<script>window.__pwned='name'</script><img src=x onerror=alert(1)>",
    "summary": (
        "<svg onload=\"window.__pwned='svg'\"></svg> [click](javascript:window.__pwned='md') "
        '<iframe src="javascript:alert(2)"></iframe> ```mermaid\ngraph TD; '
        'A["<img src=x onerror=alert(3)>"]-->B\nclick A callback "javascript:alert(4)"\n``` '
        "{{ 7*7 }} {% csrf_token %} </textarea><script>alert(5)</script>"
    ),
    "component": "\"><script>window.__pwned='component'</script>",
    "dependency": "<img src=x onerror=\"window.__pwned='dep'\">",
}
