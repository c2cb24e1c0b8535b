"""Performance: I/O per item (N+1), membership in growing lists, loop-invariant work."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes


def test_queries_and_requests_per_item(analyze: Analyze) -> None:
    source = """\
    import requests


    class Orders:
        def __init__(self, conn):
            self.conn = conn

        def product(self, product_id):
            return self.conn.execute("SELECT * FROM products WHERE id = ?", (product_id,))

        def totals(self, customers):
            result = {}
            for customer in customers:
                result[customer] = self.conn.execute(
                    "SELECT SUM(total) FROM orders WHERE customer = ?", (customer,)
                ).fetchone()
            return result

        def names(self, lines):
            return [self.product(line.product_id) for line in lines]


    def rates(codes):
        return {code: requests.get(f"https://rates.example/{code}", timeout=5) for code in codes}
    """
    findings = [f for f in analyze(source) if f.code == "io-in-loop"]
    assert codes(findings) == [("io-in-loop", 14), ("io-in-loop", 20), ("io-in-loop", 24)]
    assert findings[0].message == (
        "`Orders.totals` runs a SQL query (`self.conn.execute`) once per item of `customers`"
    )


def test_orm_queries_and_helpers_in_other_modules(analyze: Analyze) -> None:
    helpers = """\
    import requests

    session = requests.Session()


    def temperature(city):
        return session.get(f"https://weather.example.com/{city}", timeout=5).json()
    """
    source = """\
    from weather import temperature
    from reviews.models import Comment


    def report(cities, reviews):
        counts = [Comment.objects.filter(review=r).count() for r in reviews]
        return {city: temperature(city) for city in cities}, counts
    """
    assert codes(analyze(source, weather=helpers), "io-in-loop") == [
        ("io-in-loop", 6),
        ("io-in-loop", 7),
    ]


def test_batches_retries_scripts_and_files_are_not_n_plus_one(analyze: Analyze) -> None:
    source = """\
    import json
    import time

    import requests


    def save(conn, lines):
        conn.executemany("INSERT INTO lines VALUES (?, ?)", [(l.id, l.qty) for l in lines])


    def names(conn):
        return [row[0] for row in conn.execute("SELECT name FROM customers")]


    def load(paths):
        return [json.load(open(path)) for path in paths]


    def fetch(url, attempts):
        for attempt in range(attempts):
            try:
                return requests.get(url, timeout=5)
            except requests.ConnectionError:
                time.sleep(attempt)


    def pages(url):
        items = []
        while url:
            page = requests.get(url, timeout=5).json()
            items.extend(page["items"])
            url = page.get("next")
        return items


    def by_batch(conn, ids, chunks):
        return [conn.execute("SELECT * FROM t WHERE id IN (?)", (b,)) for b in chunks(ids, 100)]


    def migrate(conn, statements):
        for statement in statements:
            conn.execute(statement)


    def tables(conn):
        for table in ("a", "b"):
            conn.execute(f"DELETE FROM {table}")
    """
    assert codes(analyze(source), "io-in-loop") == []


def test_same_file_opened_on_every_pass(analyze: Analyze) -> None:
    source = """\
    def append_all(lines, path):
        for line in lines:
            with open(path, "a") as handle:
                handle.write(line)
    """
    assert codes(analyze(source)) == [("io-in-loop", 3)]


def test_membership_in_a_list_that_grows(analyze: Analyze) -> None:
    source = """\
    def unique(orders):
        seen = []
        for order in orders:
            if order.email not in seen:
                seen.append(order.email)
        return seen


    def unique_fast(orders):
        seen = set()
        for order in orders:
            if order.email not in seen:
                seen.add(order.email)
        return seen


    def allowed(orders, names):
        kept = []
        for order in orders:
            if order.name in names:
                kept.append(order)
        return kept
    """
    findings = analyze(source)
    assert codes(findings) == [("growing-list-membership", 4)]
    assert findings[0].message == (
        "`unique` searches the list `seen` on every pass while appending to it in the same loop"
    )


def test_loop_invariant_calls(analyze: Analyze) -> None:
    source = """\
    import json
    import re

    DEFAULTS = '{"level": "info"}'


    def errors(lines, allowed):
        found = []
        for line in lines:
            pattern = re.compile(r"ERROR (\\w+)")
            event = json.loads(DEFAULTS)
            if line in set(allowed):
                found.append((pattern.search(line), event))
        return found


    def per_word(lines, words):
        for word in words:
            pattern = re.compile(re.escape(word))
            yield [line for line in lines if pattern.search(line)]


    def growing(batches):
        result = []
        for batch in batches:
            result.extend(batch)
            result = sorted(result)
        return result
    """
    assert codes(analyze(source)) == [
        ("loop-invariant-call", 10),
        ("loop-invariant-call", 11),
        ("loop-invariant-call", 12),
    ]


MODELS = """\
import sqlalchemy as sa

from app import db


class ApiMixin:
    @staticmethod
    def collection(query, page):
        found = db.paginate(query, page=page, per_page=20)
        return {"items": [item.to_dict() for item in found.items]}


class User(ApiMixin, db.Model):
    def posts_count(self):
        query = sa.select(sa.func.count()).select_from(self.posts.select().subquery())
        return db.session.scalar(query)

    def followers_count(self):
        return self.followers.count()

    def to_dict(self):
        return {"id": self.id, "posts": self.posts_count(), "followers": self.followers_count()}

    def archive(self):
        self.archived = True
        db.session.commit()


class Tag(db.Model):
    def label(self):
        return self.name.title()
"""


def test_a_method_of_each_item_that_queries(analyze: Analyze) -> None:
    api = """\
    from models import User


    @bp.get("/users")
    def get_users():
        return User.collection(User.query, 1)
    """
    findings = [f for f in analyze(MODELS, name="models.py", api=api) if f.code == "io-in-loop"]
    assert codes(findings) == [("io-in-loop", 10)]
    assert findings[0].message == (
        "`ApiMixin.collection` calls `item.to_dict()` once per item of `found.items`, and "
        "`User.to_dict` runs 2 count queries (through `posts_count`, `followers_count`); "
        "it is called from `get_users`"
    )


def test_item_methods_that_write_or_do_not_query_are_not_n_plus_one(analyze: Analyze) -> None:
    source = """\
    import time

    from models import User


    def labels(tags):
        return [tag.label() for tag in tags]


    def archive_all(users):
        for user in users:
            user.archive()


    def report(users):
        for user in users:
            print(user.to_dict())
            time.sleep(1)
    """
    assert codes(analyze(source, models=MODELS), "io-in-loop") == []


def test_serializer_method_fields_that_query(analyze: Analyze) -> None:
    source = """\
    from rest_framework import serializers


    class PostSerializer(serializers.ModelSerializer):
        comments = serializers.SerializerMethodField()
        title_upper = serializers.SerializerMethodField()

        def get_comments(self, post):
            return post.comments.count()

        def get_title_upper(self, post):
            return post.title.upper()
    """
    findings = analyze(source)
    assert codes(findings, "io-in-loop") == [("io-in-loop", 9)]
    assert findings[0].message.startswith(
        "`PostSerializer.get_comments` runs a count query (`post.comments.count`)"
    )


def test_an_http_session_get_is_a_request_not_a_query(analyze: Analyze) -> None:
    source = """\
    async def fetch_all(session, urls):
        return [await session.get(url) for url in urls]


    def load_users(session, ids):
        return [session.get(User, user_id) for user_id in ids]
    """
    findings = [f for f in analyze(source) if f.code == "io-in-loop"]
    assert [f.message for f in findings] == [
        "`load_users` runs a SQL query (`session.get`) once per item of `ids`"
    ]
