"""The SQLite database really runs the way settings ask: WAL, immediate transactions."""

import sqlite3

import pytest
from django.db import connection, transaction

from evaluator.web.models import Design

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite journal and locking settings only"
)


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"


@pytest.mark.django_db
def test_sqlite_waits_for_a_busy_database_instead_of_failing():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.django_db(transaction=True)
def test_a_transaction_takes_the_write_lock_when_it_begins():
    # With IMMEDIATE, even a transaction that has only read holds the write lock, so a
    # second writer waits up front instead of failing half-way through its work.
    with transaction.atomic():
        Design.objects.exists()
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


@pytest.mark.django_db(transaction=True)
def test_without_a_transaction_another_writer_gets_the_lock():
    # The control for the test above: the lock comes from the transaction, not the file.
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
