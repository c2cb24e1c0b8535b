# expect: design:praise-parameterized-sql@1
"""Users in PostgreSQL."""


class UserRepository:
    def __init__(self, connection):
        self.connection = connection

    def by_email(self, email):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT id, email, name FROM users WHERE email = %s", (email,))
            return cursor.fetchone()

    def rename(self, user_id, name):
        with self.connection.cursor() as cursor:
            cursor.execute("UPDATE users SET name = %(name)s WHERE id = %(id)s", {"name": name, "id": user_id})

    def count(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM users")
            return cursor.fetchone()[0]
