# expect: design:stubbed-interface@20
"""Notification channels behind one interface."""
from abc import ABC, abstractmethod


class Channel(ABC):
    @abstractmethod
    def send(self, user, text): ...

    @abstractmethod
    def send_bulk(self, users, text): ...

    @abstractmethod
    def schedule(self, user, text, when): ...

    @abstractmethod
    def cancel(self, message_id): ...


class SmsChannel(Channel):
    def __init__(self, gateway):
        self.gateway = gateway

    def send(self, user, text):
        return self.gateway.sms(user.phone, text[:160])

    def send_bulk(self, users, text):
        return [self.send(user, text) for user in users]

    def schedule(self, user, text, when):
        raise NotImplementedError("SMS cannot be scheduled")

    def cancel(self, message_id):
        raise NotImplementedError("SMS cannot be cancelled")


class EmailChannel(Channel):
    def __init__(self, mailer):
        self.mailer = mailer
        self.queue = []

    def send(self, user, text):
        return self.mailer.send(user.email, text)

    def send_bulk(self, users, text):
        return self.mailer.send_many([u.email for u in users], text)

    def schedule(self, user, text, when):
        self.queue.append((when, user, text))

    def cancel(self, message_id):
        self.queue = [item for item in self.queue if id(item) != message_id]
