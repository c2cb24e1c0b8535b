# expect: design:praise-state-machine-data@13
"""Document workflow states."""
from enum import Enum


class State(Enum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    PUBLISHED = "published"


TRANSITIONS = {
    State.DRAFT: (State.REVIEW,),
    State.REVIEW: (State.DRAFT, State.APPROVED),
    State.APPROVED: (State.PUBLISHED, State.DRAFT),
    State.PUBLISHED: (),
}


class Document:
    def __init__(self, title):
        self.title = title
        self.state = State.DRAFT

    def advance(self, target):
        if target not in TRANSITIONS[self.state]:
            raise ValueError(f"{self.state.value} -> {target.value}")
        self.state = target

    def is_visible(self):
        return self.state is State.PUBLISHED
