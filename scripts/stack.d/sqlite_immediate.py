"""Start every SQLite transaction with BEGIN IMMEDIATE (imported by uWSGI).

oslo.db begins SQLite transactions with a deferred BEGIN; two workers that
read and then write deadlock and one gets "database is locked" (HTTP 500).
Taking the write lock up front, with a generous busy timeout, serialises the
writers instead.  These class-level listeners run before oslo.db's per-engine
"begin" listener, which sees the "in_transaction" marker and skips its own BEGIN.
"""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool


@event.listens_for(Pool, "connect")
def _busy_timeout(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA busy_timeout = 60000")


@event.listens_for(Engine, "begin")
def _begin_immediate(connection):
    if connection.dialect.name == "sqlite" and "in_transaction" not in connection.info:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.info["in_transaction"] = True
