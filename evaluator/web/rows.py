"""One row by its key, read with plain SQL: the reads every request makes.

Each signed-in request to a design loads its session, its user and the design. For such a
one-row read the ORM spends about ten times longer building the query than SQLite spends
answering it, and live rescoring sends several requests a second while someone types. So
those three reads are written out here, with the model's own quoted names in the text and
every value passed as a parameter, adapted as the ORM would adapt it. Rows come back as
model instances through ``raw``, with the same field conversions as any query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model

M = TypeVar("M", bound=Model)
OPERATORS = ("=", ">")


def one_row(model: type[M], conditions: Sequence[tuple[str, str, Any]]) -> M | None:
    """The first row of ``model`` where every (field name, operator, value) holds."""
    database = model._default_manager.db
    connection = connections[database]
    ops = connection.ops
    where, params = [], []
    for name, operator, value in conditions:
        if operator not in OPERATORS:
            raise ValueError(f"operator {operator!r} is not one of {OPERATORS}")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        where.append(f"{ops.quote_name(field.column)} {operator} %s")
        params.append(field.get_db_prep_value(value, connection))
    table = ops.quote_name(model._meta.db_table)
    query = f"SELECT * FROM {table} WHERE {' AND '.join(where)}"  # noqa: S608 -- names only
    rows = model._default_manager.db_manager(database).raw(query, params)  # noqa: S611
    return next(iter(rows), None)
