"""A forked child never touches its parent's connections (SQLite file and PostgreSQL).

Each test runs a fresh Python process that sets Stalker up, reads (so its
session holds a connection inside a transaction), forks, and goes on reading
and committing after the child is done.
"""

from __future__ import annotations

import textwrap

import pytest
from processes import python_lines

PARENT = """
import os, sys, traceback
from stalker import User, config, db
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
config.settings.admin_password = "not-the-default"
db.setup(sys.argv[1])
db.query(User).all()
{fork}
print("parent", db.query(User).count())
db.session.commit()
User(login_name="later", first_name="Later", email="later@studio.com", password="x")
db.session.commit()
print("parent", db.query(User).count())
"""

WITH_OS_FORK = """
pid = os.fork()
if pid == 0:
    code = 1
    try:
{child}
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        os._exit(code)
_, status = os.waitpid(pid, 0)
print("child exit", os.waitstatus_to_exitcode(status))
"""

SETS_UP = "db.setup(sys.argv[1])\nprint('child', db.query(User).count())"
USES_INHERITED = "print('child', db.query(User).count())"


def run_parent(url: str, fork: str) -> list[str]:
    return python_lines(PARENT.format(fork=fork), url)


@pytest.mark.parametrize("child", [SETS_UP, USES_INHERITED], ids=["setup", "inherited"])
def test_parent_goes_on_after_os_fork(fresh_database_url, child):
    """A child of os.fork() sets up or reads; the parent's connection still works."""
    fork = WITH_OS_FORK.format(child=textwrap.indent(child, " " * 8))
    assert run_parent(fresh_database_url, fork) == [
        "child 1",
        "child exit 0",
        "parent 1",
        "parent 2",
    ]


@pytest.mark.parametrize("child", [SETS_UP, USES_INHERITED], ids=["setup", "inherited"])
def test_parent_goes_on_after_multiprocessing_fork(fresh_database_url, child):
    """Workers of a "fork" multiprocessing pool read; the parent goes on."""
    worker = "def count(_):\n" + textwrap.indent(child, "    ").replace(
        "print('child', ", "return ("
    )
    fork = (
        "import multiprocessing\n"
        f"{worker}\n"
        "with multiprocessing.get_context('fork').Pool(2) as pool:\n"
        "    print('children', pool.map(count, range(4)))\n"
    )
    assert run_parent(fresh_database_url, fork) == [
        "children [1, 1, 1, 1]",
        "parent 1",
        "parent 2",
    ]


FORGETS = """
import sys
from stalker import User, config, db
from stalker.db import forks, meta
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
config.settings.admin_password = "not-the-default"
db.setup(sys.argv[1])
admin = db.query(User).one()
held = meta.session.connection().connection.dbapi_connection
forks.forget_parent_connections()
print("kept", held in forks._inherited)
print("in transaction", db.session().in_transaction())
print("same admin", db.query(User).one() is admin)
print("new connection", meta.session.connection().connection.dbapi_connection is not held)
cursor = held.cursor()
cursor.execute("SELECT 1")
print("old one open", cursor.fetchone()[0] == 1)
db.session.commit()
forks.forget_parent_connections()  # outside a transaction: nothing to roll back
print("admin", db.query(User).one().login_name)
"""


def test_forgotten_connections_are_never_closed(fresh_database_url):
    """What a child does after a fork: let go of the connections, unused and open."""
    assert python_lines(FORGETS, fresh_database_url) == [
        "kept True",
        "in transaction False",
        "same admin True",
        "new connection True",
        "old one open True",
        "admin admin",
    ]
