"""A design against an earlier version of it (``review NEW --against OLD``): markdown fit
for a pull-request comment, and the same as JSON.

Pure functions of a ``Comparison`` and each side's ``ReviewMeta``. Only components whose
result changed are shown, one table each; the others are counted. Every name and rule
title goes through ``escape``; the only markup is this module's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .comparison import Comparison, ComparisonCounts, ComponentDiff, ScoreCell
from .escape import heading, inline
from .meta import ReviewMeta
from .prose import band_text, count, md_table
from .result_changes import Cause, Certainty, VetoChange

__all__ = [
    "AGAINST_SCHEMA",
    "against_to_dict",
    "render_against",
    "render_against_json",
]

AGAINST_SCHEMA = "tradeoff-evaluator/review-against/1"
# Inside a GFM table cell a line break can only be markup; GitHub and GitLab accept it.
CELL_BREAK = "<br>"
ARROW = "\u2192"


def _side(meta: ReviewMeta) -> str:
    text = inline(meta.source) if meta.source else "design"
    if meta.revision is not None:
        text += f" at revision {meta.revision}"
    return text


def _summary(counts: ComparisonCounts) -> str:
    parts = [
        f"{count(counts.recommendations, 'recommendation')} changed",
        f"{count(counts.vetoes_added, 'hard limit')} added",
        f"{count(counts.vetoes_lifted, 'hard limit')} lifted",
        f"{count(counts.scores, 'score')} changed",
        f"{count(counts.confidence_drops, 'recommendation')} less sure",
    ]
    text = (
        f"**{counts.changed} of {counts.components} components changed:** "
        + ", ".join(parts)
        + f"; {counts.unchanged} unchanged"
    )
    if counts.added or counts.removed:
        text += f" ({counts.added} added, {counts.removed} removed)"
    return text + "."


def _names(veto: VetoChange) -> str:
    text = inline(veto.option_name)
    variants = ", ".join(f"*{inline(name)}*" for name in veto.variant_names)
    if veto.variant_limit:
        text += f", variant limit ({variants} only)"
    elif veto.variants:
        text += f" ({variants}; with the other limits, the whole option)"
    return f"{text}: `{veto.rule_id}` {inline(veto.title)}"


def _score(cell: ScoreCell) -> str:
    text = f"{inline(cell.name)} {cell.a} {ARROW} {cell.b} ({cell.change})"
    if cell.a_band != cell.b_band:
        text += f", {band_text(cell.a_band)} {ARROW} {band_text(cell.b_band)}"
    return text


def _cause(cause: Cause) -> str:
    rule = f"`{cause.rule_id}` {inline(cause.title)}" if cause.rule_id else inline(cause.title)
    where = inline(cause.option_name)
    if cause.kind == "points":
        return f"{rule} ({where}): {cause.points_text}"
    return f"{rule} ({where}): {cause.kind}"


def _certainty(a: Certainty, b: Certainty, dropped: bool) -> str:
    if a.text == b.text:
        return f"{inline(b.text)} (unchanged)"
    text = f"{inline(a.text)} {ARROW} {inline(b.text)}"
    return text + " \u2014 **less sure**" if dropped else text


def _rows(diff: ComponentDiff) -> list[list[str]]:
    if diff.recommendation_changed:
        recommendation = (
            f"{inline(diff.recommendation_a or 'no option')} {ARROW}"
            f" **{inline(diff.recommendation_b or 'no option')}**"
        )
    else:
        recommendation = f"{inline(diff.recommendation_b or 'no option')} (unchanged)"
    rows = [["Recommendation", recommendation]]
    rows.append(
        [
            "Confidence",
            _certainty(diff.certainty_a, diff.certainty_b, diff.confidence_dropped),
        ]
    )
    listed: list[tuple[str, list[str]]] = [
        ("Scores", [_score(cell) for cell in diff.scores if cell.changed]),
        ("Hard limits added", [_names(veto) for veto in diff.vetoes_added]),
        ("Hard limits lifted", [_names(veto) for veto in diff.vetoes_lifted]),
        ("Cause", [_cause(cause) for cause in diff.causes]),
    ]
    rows += [[label, CELL_BREAK.join(items)] for label, items in listed if items]
    return rows


def _component(diff: ComponentDiff) -> list[str]:
    lines = [f"### {heading(diff.name)}", ""]
    return lines + md_table(["", "Change"], _rows(diff)) + [""]


def _one_sided(diffs: list[ComponentDiff], label: str, recommendation: Callable) -> list[str]:
    if not diffs:
        return []
    lines = [f"**{label}:**", ""]
    lines += [f"- *{inline(d.name)}*: {inline(recommendation(d) or 'no option')}" for d in diffs]
    return [*lines, ""]


def render_against(
    comparison: Comparison, *, new: ReviewMeta, old: ReviewMeta, title: str = ""
) -> str:
    """The markdown: a summary line with counts, then a table per changed component."""
    counts = comparison.counts
    name = inline(title or comparison.name.b)
    lines = [
        f"## Architecture review: {name}",
        "",
        _summary(counts),
        "",
        f"{_side(new)} against {_side(old)}; knowledge base {inline(new.knowledge_version)}"
        + (
            ""
            if new.knowledge_version == old.knowledge_version
            else f" (was {inline(old.knowledge_version)})"
        )
        + ".",
        "",
    ]
    for diff in comparison.components:
        if diff.result_changed and diff.status not in ("added", "removed"):
            lines += _component(diff)
    lines += _one_sided(comparison.added, "Added", lambda d: d.recommendation_b)
    lines += _one_sided(comparison.removed, "Removed", lambda d: d.recommendation_a)
    if counts.answers_without_effect:
        lines += [
            f"Answers changed in {count(counts.answers_without_effect, 'component')}"
            " without changing any result.",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- JSON ----------------------------------------------------------------------------------


def _meta(meta: ReviewMeta) -> dict[str, Any]:
    return {
        "source": meta.source,
        "revision": meta.revision,
        "content_hash": f"sha256:{meta.content_hash}",
        "knowledge_version": meta.knowledge_version,
    }


def _certainty_dict(found: Certainty | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "verdict": found.verdict,
        "share": found.share,
        "low_confidence": found.low_confidence,
        "confidence": found.confidence,
    }


def _veto_dict(veto: VetoChange) -> dict[str, Any]:
    return {
        "option": veto.option,
        "rule": veto.rule_id,
        "title": veto.title,
        "variants": list(veto.variants),
        "variant_limit": veto.variant_limit,
    }


def _component_dict(diff: ComponentDiff) -> dict[str, Any]:
    return {
        "name": diff.name,
        "status": diff.status,
        "recommendation": {"old": diff.recommendation_a, "new": diff.recommendation_b},
        "recommendation_changed": diff.recommendation_changed,
        "certainty": {
            "old": _certainty_dict(diff.certainty_a),
            "new": _certainty_dict(diff.certainty_b),
            "dropped": diff.confidence_dropped,
        },
        "scores": [
            {
                "option": cell.option,
                "old": cell.a,
                "new": cell.b,
                "change": cell.delta,
                "old_band": cell.a_band,
                "new_band": cell.b_band,
            }
            for cell in diff.scores
            if cell.changed
        ],
        "vetoes_added": [_veto_dict(veto) for veto in diff.vetoes_added],
        "vetoes_lifted": [_veto_dict(veto) for veto in diff.vetoes_lifted],
        "causes": [
            {
                "kind": cause.kind,
                "option": cause.option,
                "rule": cause.rule_id or None,
                "title": cause.title,
                "old": cause.a,
                "new": cause.b,
            }
            for cause in diff.causes
        ],
    }


def against_to_dict(comparison: Comparison, *, new: ReviewMeta, old: ReviewMeta) -> dict:
    """The comparison as plain data (see ``docs/review-json.md``)."""
    counts = comparison.counts
    return {
        "schema": AGAINST_SCHEMA,
        "new": _meta(new),
        "old": _meta(old),
        "counts": {
            "components": counts.components,
            "changed": counts.changed,
            "unchanged": counts.unchanged,
            "added": counts.added,
            "removed": counts.removed,
            "recommendations_changed": counts.recommendations,
            "vetoes_added": counts.vetoes_added,
            "vetoes_lifted": counts.vetoes_lifted,
            "scores_changed": counts.scores,
            "confidence_drops": counts.confidence_drops,
        },
        "components": [_component_dict(d) for d in comparison.components if d.result_changed],
    }


def render_against_json(comparison: Comparison, *, new: ReviewMeta, old: ReviewMeta) -> str:
    """``against_to_dict`` as indented UTF-8 JSON text ending in one newline."""
    data = against_to_dict(comparison, new=new, old=old)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
