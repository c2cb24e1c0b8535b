# expect: design:type-dispatch@14
"""Customer-facing texts for payment statuses."""
from enum import Enum


class PaymentStatus(Enum):
    PENDING = "pending"
    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    REFUNDED = "refunded"


def status_message(status: PaymentStatus) -> str:
    match status:
        case PaymentStatus.PENDING:
            return "We are waiting for your bank."
        case PaymentStatus.AUTHORIZED:
            return "Your payment is authorized."
        case PaymentStatus.CAPTURED:
            return "Paid, thank you."
        case PaymentStatus.REFUNDED:
            return "Refunded."
