# expect: design:type-dispatch@23
"""A table of states next to an if/elif chain over the same states, and a lookalike mapping."""

NEXT = {
    "draft": ["review"],
    "review": ["draft", "published"],
    "published": ["archived"],
    "archived": [],
}

MENU = {
    "italian": ["pizza", "pasta"],
    "thai": ["curry", "noodles"],
    "greek": ["gyros", "salad"],
}


def can_move(current, target):
    return target in NEXT[current]


def badge(status):
    if status == "draft":
        return "grey"
    elif status == "review":
        return "orange"
    elif status == "published":
        return "green"
    return "black"


def dishes(cuisine):
    return MENU.get(cuisine, [])
