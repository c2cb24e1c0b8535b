# expect: none
"""Overrides that keep the contract: abstract methods, hooks, null objects, wider signatures."""
from abc import ABC, abstractmethod


class Notifier(ABC):
    @abstractmethod
    def notify(self, user, message):
        raise NotImplementedError

    def on_sent(self, user):
        """Hook for subclasses; does nothing by default."""


class EmailNotifier(Notifier):
    def __init__(self, mailer):
        self.mailer = mailer

    def notify(self, user, message, subject="Update"):
        self.mailer.send(user.email, subject, message)

    def on_sent(self, user):
        pass


class AuditedNotifier(EmailNotifier):
    def __init__(self, mailer, audit):
        super().__init__(mailer)
        self.audit = audit

    def notify(self, user, message, *args, **kwargs):
        self.audit.append(user)
        super().notify(user, message, *args, **kwargs)


class Storage:
    def save(self, key, value):
        self.last = (key, value)

    def close(self):
        self.last = None


class NullStorage(Storage):
    """Used when persistence is switched off."""

    def save(self, key, value):
        pass

    def close(self):
        pass


class AbstractExporter(ABC):
    @abstractmethod
    def export(self, rows):
        ...


class PartialExporter(AbstractExporter):
    @abstractmethod
    def export(self, rows):
        raise NotImplementedError
