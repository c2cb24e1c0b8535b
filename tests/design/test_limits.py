"""A row count chosen by the client: bounded by FastAPI in either of its spellings."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes


def test_a_bound_in_the_annotation_counts_as_one_in_the_default(analyze: Analyze) -> None:
    source = """\
    from typing import Annotated

    from fastapi import APIRouter, Query

    router = APIRouter()


    @router.get("/items/")
    def read_items(session, limit: Annotated[int, Query(le=100)] = 20):
        return session.scalars(select(Item).limit(limit)).all()


    @router.get("/users/")
    def read_users(session, limit: Annotated[int, Query(description="rows")] = 20):
        return session.scalars(select(User).limit(limit)).all()
    """
    assert codes(analyze(source), "unbounded-limit") == [("unbounded-limit", 14)]
