"""What every signed-in request reads: its session row and its user, in plain SQL.

Django builds each ORM query anew (a few hundred microseconds of Python), and these two run on
every page, before the page's own work. These classes keep Django's behaviour (same rows, same
checks, same values: the user row goes through each field's database converters, exactly as
the ORM does) and only skip the query building. Measured by ``baton bench web``.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    """Database sessions (``SESSION_ENGINE = "baton.users.fastload"``)."""

    def _get_session_from_db(self) -> Any:
        if not self.session_key:
            self._session_key = None
            return None
        connection = connections[router.db_for_read(self.model)]
        q = connection.ops.quote_name
        sql = (
            f"SELECT {q('session_data')} FROM {q(self.model._meta.db_table)} "  # noqa: S608
            f"WHERE {q('session_key')} = %s AND {q('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return SimpleNamespace(session_data=row[0])


@cache
def _user_query(alias: str) -> tuple[str, list[str], list[list[Any]], list[Any]]:
    model = get_user_model()
    connection = connections[alias]
    q = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    table = model._meta.db_table
    columns = [f.get_col(table) for f in fields]
    converters = [
        connection.ops.get_db_converters(col) + col.get_db_converters(connection) for col in columns
    ]
    sql = (
        f"SELECT {', '.join(q(str(f.column)) for f in fields)} FROM {q(table)} "  # noqa: S608
        f"WHERE {q(str(model._meta.pk.column))} = %s"
    )
    return sql, [f.attname for f in fields], converters, columns


class UserBackend(ModelBackend):
    """``ModelBackend`` whose per-request ``get_user`` reads the row in plain SQL."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        alias = router.db_for_read(model)
        connection = connections[alias]
        sql, names, converters, columns = _user_query(alias)
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a malformed id in a session is no user
            return None
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for raw, funcs, col in zip(row, converters, columns, strict=True):
            value = raw
            for func in funcs:
                value = func(value, col, connection)
            values.append(value)
        user = model.from_db(alias, names, values)
        return user if self.user_can_authenticate(user) else None
