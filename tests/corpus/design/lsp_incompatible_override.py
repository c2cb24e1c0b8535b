# expect: design:incompatible-override@17, design:incompatible-override@25
"""Payment gateways whose overrides do not accept what the base accepts."""


class PaymentGateway:
    def charge(self, amount, currency):
        raise NotImplementedError

    def refund(self, payment_id, amount=None):
        return {"payment": payment_id, "amount": amount}

    def capture(self, payment_id):
        return {"payment": payment_id}


class CardGateway(PaymentGateway):
    def charge(self, amount):
        return {"amount": amount, "currency": "EUR"}

    def refund(self, payment_id, amount=None, reason=""):
        return {"payment": payment_id, "amount": amount, "reason": reason}


class InvoiceGateway(PaymentGateway):
    def charge(self, amount, currency, due_date):
        return {"amount": amount, "currency": currency, "due": due_date}

    def capture(self, payment_id, *, notify=False):
        return {"payment": payment_id, "notify": notify}
