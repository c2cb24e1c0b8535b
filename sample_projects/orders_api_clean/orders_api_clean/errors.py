"""Exception hierarchy: every expected failure derives from ``OrdersError``."""


class OrdersError(Exception):
    """Base class of every expected failure in the orders domain."""


class NotFoundError(OrdersError):
    """A requested entity does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        """Describe the missing entity by its kind and key."""
        super().__init__(f"{kind} {key!r} not found")


class ValidationError(OrdersError):
    """Input that breaks a business rule."""


class OutOfRangeError(ValidationError):
    """A number, such as an amount or a quantity, is below its allowed minimum."""

    def __init__(self, what: str, value: float, minimum: float) -> None:
        """Name the value, what it is and the minimum it missed."""
        super().__init__(f"{what} must be at least {minimum}, got {value}")


class EmptyOrderError(ValidationError):
    """An order without lines cannot be placed."""


class InvalidTransitionError(ValidationError):
    """An order cannot move from its current status to the requested one."""

    def __init__(self, current: str, target: str) -> None:
        """Name both statuses so the client knows what was refused."""
        super().__init__(f"cannot move an order from {current!r} to {target!r}")


class UnknownPricingError(ValidationError):
    """The requested pricing strategy is not configured."""

    def __init__(self, name: str) -> None:
        """Keep the unknown name for the error response."""
        super().__init__(f"unknown pricing strategy {name!r}")


class ExternalServiceError(OrdersError):
    """A collaborator outside this process (mail, delivery service) failed."""
