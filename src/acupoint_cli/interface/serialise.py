"""JSON shapes of the domain objects: the contract scripts and tests rely on.

Plain dicts and lists only; the CLI dumps them with `json.dumps(..., ensure_ascii=False)`.
"""

from __future__ import annotations

import json
from typing import Any

from ..data.catalogue import Catalogue
from ..data.records import Meridian, Point, RedFlags, Resolution
from ..features.routine import Plan
from ..features.search import Match


def point_dict(point: Point, catalogue: Catalogue) -> dict[str, Any]:
    """Every catalogue field of a point, plus labels a script would otherwise look up."""
    return {
        "code": point.code,
        "meridian": point.meridian,
        "number": point.number,
        "pinyin": point.pinyin,
        "hanzi": {"traditional": point.hanzi.traditional, "simplified": point.hanzi.simplified},
        "english": point.english,
        "aliases": list(point.aliases),
        "group_names": list(point.group_names),
        "legacy_codes": list(point.legacy_codes),
        "region": point.region,
        "region_label": catalogue.region_by_id[point.region].label,
        "map": where_dict(point),
        "sites": sites_list(point),
        "location": point.location,
        "find_it": point.find_it,
        "indications": [
            {"symptom": s, "label": catalogue.symptom_by_id[s].label, "weight": w} for s, w in point.indications
        ],
        "technique": {
            "pressure": point.technique.pressure,
            "hold_seconds": point.technique.hold_seconds,
            "positions": list(point.technique.positions),
            "sides": point.technique.sides,
            "how": point.technique.how,
        },
        "cautions": [
            {"kind": c.kind, "label": catalogue.caution_by_id[c.kind].label, "note": c.note,
             "advice": catalogue.caution_by_id[c.kind].advice, "nuance": c.nuance or None, "why": c.why,
             "sources": list(c.sources)}
            for c in point.cautions
        ],
        "pregnancy_caution": point.pregnancy_caution,
        "self_care": point.self_care,
        "categories": list(point.categories),
        "sources": list(point.sources),
        "references": [{"id": s.id, "title": s.title, "citation": s.citation} for s in catalogue.cited(point)],
    }


def where_dict(point: Point) -> dict[str, Any]:
    """Where the point is drawn: its view and coordinates, and for a point on both sides its mirror.

    The point itself is on the person's right side ("side": "right"), or on the midline.
    """
    where, mirror = point.where, point.mirror
    return {
        "view": where.view, "x": where.x, "y": where.y, "side": "right" if mirror else "midline",
        "mirror": {"view": mirror.view, "x": mirror.x, "y": mirror.y, "side": "left"} if mirror else None,
    }


def sites_list(point: Point) -> list[dict[str, Any]]:
    """Every spot of the point on every side, in the catalogue's order: for a point on both sides each
    spot on the person's right ("side": "right") followed by its mirror on the left ("left"), else each
    spot once ("midline"). A point with one spot gives it (and its mirror), unlabelled ("label": null);
    EX-B2 gives 34: T1 right, T1 left, T2 right ... L5 left. `map` stays the one main spot."""
    spots = []
    for site in point.every_site:
        label = site.label or None
        where = site.where
        spots.append({"view": where.view, "x": where.x, "y": where.y,
                      "side": "right" if point.bilateral else "midline", "label": label})
        if point.bilateral:
            mirror = where.mirrored()
            spots.append({"view": mirror.view, "x": mirror.x, "y": mirror.y, "side": "left", "label": label})
    return spots


def map_dict(point: Point) -> dict[str, Any]:
    """A point as `acupoint map --json` gives it: who it is and where it is drawn (`map` its main spot,
    `sites` every spot)."""
    return {"code": point.code, "pinyin": point.pinyin, "english": point.english, "region": point.region,
            "sides": point.technique.sides, "map": where_dict(point), "sites": sites_list(point)}


def meridian_dict(meridian: Meridian) -> dict[str, Any]:
    return {"code": meridian.code, "name": meridian.name, "variants": list(meridian.variants),
            "points": meridian.points}


def resolution_dict(resolution: Resolution, catalogue: Catalogue) -> dict[str, Any]:
    data = point_dict(resolution.point, catalogue)
    data["matched_as"] = resolution.matched_as
    data["older_numbering"] = [
        {"code": p.code, "pinyin": p.pinyin, "english": p.english} for p in resolution.legacy_meanings
    ]
    data["same_name"] = [{"code": p.code, "pinyin": p.pinyin} for p in resolution.same_name]
    today = resolution.today
    data["today_numbering"] = {"code": today.code, "pinyin": today.pinyin, "english": today.english} if today else None
    return data


def match_dict(match: Match) -> dict[str, Any]:
    point = match.point
    return {
        "code": point.code,
        "pinyin": point.pinyin,
        "hanzi": point.hanzi.traditional,
        "english": point.english,
        "region": point.region,
        "score": round(match.score, 2),
        "tier": match.tier,
        "matched": match.matched,
        "pregnancy_caution": point.pregnancy_caution,
        "self_care": point.self_care,
    }


def red_flags_dict(flags: RedFlags | None) -> dict[str, Any] | None:
    if flags is None:
        return None
    return {"title": flags.title, "emergency": list(flags.emergency), "urgent": list(flags.urgent),
            "sources": list(flags.sources)}


def plan_dict(plan: Plan, catalogue: Catalogue) -> dict[str, Any]:
    return {
        "region": plan.routine.id,
        "title": plan.routine.title,
        "summary": plan.routine.summary,
        "total_seconds": plan.total_seconds,
        "pause_seconds": plan.pause_seconds,
        "removed_for_pregnancy": [p.code for p in plan.removed],
        "pregnancy_advice": plan.pregnancy_advice,
        "safety": {
            "notice": catalogue.safety.notice,
            "stop_if": catalogue.safety.stop_if,
            "general": list(catalogue.safety.general),
            "red_flags": red_flags_dict(catalogue.safety.red_flags_for(plan.routine.id)),
        },
        "steps": [
            {
                "number": s.number,
                "points": [
                    {"code": p.code, "pinyin": p.pinyin, "english": p.english, "location": p.location,
                     "find_it": p.find_it, "cautions": [c.note for c in p.cautions], "map": where_dict(p),
                     "sites": sites_list(p)}
                    for p in s.points
                ],
                "position": s.step.position,
                "tool": s.method,
                "pressure": s.step.pressure,
                "hold_seconds": s.holds[0].seconds,
                "sides": [h.side for h in s.holds],
                "breathing": s.step.breathing,
                "feel": s.step.feel,
            }
            for s in plan.steps
        ],
    }


def routine_summary_dict(plan: Plan) -> dict[str, Any]:
    return {"region": plan.routine.id, "title": plan.routine.title, "summary": plan.routine.summary,
            "steps": len(plan.steps), "total_seconds": plan.total_seconds}


def dumps(data: Any, ascii_only: bool = False) -> str:
    """Indented JSON; `ascii_only` escapes every non-ASCII character, for outputs that cannot encode it."""
    return json.dumps(data, ensure_ascii=ascii_only, indent=2)
