"""Rules that span the plan's parts: checks that need the whole model, with locations."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Location, PlanError
from .model import Plan, RichText


def validate(plan: Plan) -> list[PlanError]:
    """Every problem of the plan at once, in the order of the workbook."""
    return [*_cluster_problems(plan), *_footnote_problems(plan)]


def _cluster_problems(plan: Plan) -> Iterator[PlanError]:
    known = plan.metadata.clusters
    for theme in plan.themes:
        if not theme.cluster:
            yield PlanError(f"thema '{theme.title}' heeft geen cluster", theme.location)
        elif known and theme.cluster not in known:
            choices = ", ".join(f"'{cluster}'" for cluster in known)
            yield PlanError(f"onbekend cluster '{theme.cluster}'; kies uit {choices} (plan.yaml)", theme.location)


def _footnote_problems(plan: Plan) -> Iterator[PlanError]:
    for text, location in _texts_with_locations(plan):
        for key in text.footnote_keys():
            if key not in plan.footnotes:
                yield PlanError(
                    f"verwijzing naar voetnoot '{key}', maar die staat niet op het blad Voetnoten", location
                )
    for footnote in plan.footnotes.values():
        for paragraph in footnote.paragraphs:
            if any(paragraph.footnote_keys()):
                yield PlanError("een voetnoot kan zelf geen voetnoot bevatten", footnote.location)


def _texts_with_locations(plan: Plan) -> Iterator[tuple[RichText, Location | None]]:
    for chapter in plan.chapters:
        for paragraph in chapter.paragraphs:
            yield paragraph, chapter.location
    for theme in plan.themes:
        for paragraph in [*theme.paragraphs, *theme.see_also]:
            yield paragraph, theme.location
        for goal in theme.goals:
            yield goal.title, goal.location
            for row in goal.rows:
                for cell in row.cells():
                    yield cell, row.location
