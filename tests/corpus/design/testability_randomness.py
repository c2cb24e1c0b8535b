# expect: design:hidden-randomness@9, design:hidden-randomness@14
"""Assignment of support tickets."""
import random
import secrets
import uuid


def assign_agent(ticket, agents):
    ticket.agent = random.choice(agents)
    return ticket


def new_ticket_id():
    return f"T-{uuid.uuid4().hex[:10]}"


def shuffled_queue(tickets, seed):
    rng = random.Random(seed)
    queue = list(tickets)
    rng.shuffle(queue)
    return queue


class TokenGenerator:
    def new_token(self):
        return secrets.token_urlsafe(32)


def sample_for_review(tickets, rng):
    return rng.sample(tickets, k=min(5, len(tickets)))
