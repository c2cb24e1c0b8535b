# expect: none
# A test module: real clocks and random data are fine here.
import random
import uuid
from datetime import datetime, timedelta


def make_invoice():
    return {"id": uuid.uuid4().hex, "due_at": datetime.now() + timedelta(days=random.randint(1, 9))}


def test_invoice_has_an_id():
    assert make_invoice()["id"]
