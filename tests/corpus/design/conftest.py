# expect: none
"""Fixtures for the design corpus; the corpus files themselves are data, not tests."""
import random
from datetime import datetime

import pytest

collect_ignore_glob = ["*.py"]


@pytest.fixture
def now():
    return datetime.now()


@pytest.fixture
def lucky_number():
    return random.randint(1, 6)
