# expect: design:low-cohesion@6
"""Account screen helpers that grew into one class."""
from decimal import Decimal


class AccountManager:
    def __init__(self, balances, rates, nickname, avatar_url):
        self.balances = balances
        self.rates = rates
        self.nickname = nickname
        self.avatar_url = avatar_url

    def total_balance(self):
        return sum(self.balances.values(), Decimal(0))

    def balance_in(self, currency):
        return self.total_balance() * self.rates[currency]

    def largest_account(self):
        return max(self.balances, key=self.balances.get)

    def add_rate(self, currency, rate):
        self.rates[currency] = rate

    def display_name(self):
        return self.nickname.title()

    def initials(self):
        return "".join(part[0] for part in self.nickname.split())

    def avatar(self, size):
        return f"{self.avatar_url}?s={size}"

    def profile_card(self):
        return {"name": self.display_name(), "avatar": self.avatar(64)}
