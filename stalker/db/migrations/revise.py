"""Write a migration by comparing ``stalker.db.tables`` with the revisions so far.

``python -m stalker.db.migrations.revise "add users.timezone"`` autogenerates
the next revision into ``versions/``; read and edit it, then add its id to
``stalker.db.schema.REVISIONS``. ``python -m stalker.db.migrations.revise
--baseline`` rewrites the baseline (``0001``) from the tables: only while the
baseline is the one revision, before it is released. Both format the file with
ruff (the ``dev`` extra).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence

from alembic import command
from sqlalchemy import create_engine

from stalker.db import migrations, schema

#: Ruff formats and tidies every file Alembic writes.
RUFF_HOOKS = {
    "hooks": "ruff_fix, ruff_format",
    "ruff_fix.type": "module",
    "ruff_fix.module": "ruff",
    "ruff_fix.options": "check --fix-only --unsafe-fixes REVISION_SCRIPT_FILENAME",
    "ruff_format.type": "module",
    "ruff_format.module": "ruff",
    "ruff_format.options": "format REVISION_SCRIPT_FILENAME",
}


def _drop_baseline() -> None:
    """Delete the baseline file, refusing if later revisions build on it."""
    scripts = migrations.script_directory().walk_revisions()
    later = [s.revision for s in scripts if s.revision != schema.REVISIONS[0]]
    if later:
        raise SystemExit(
            f"There are migrations after the baseline ({', '.join(later)}): "
            "write a new migration instead of rewriting the baseline"
        )
    for old in migrations.VERSIONS.glob(f"{schema.REVISIONS[0]}_*.py"):
        old.unlink()


def revise(
    message: str, *, baseline: bool = False, hooks: Mapping[str, str] = RUFF_HOOKS
) -> None:
    """Autogenerate a revision named ``message`` (or the baseline) into versions/.

    ``hooks`` are Alembic's ``post_write_hooks`` options for the new file.
    """
    if baseline:
        _drop_baseline()
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        config = migrations.alembic_config(connection)
        for name, value in hooks.items():
            config.set_section_option("post_write_hooks", name, value)
        if not baseline:
            command.upgrade(config, "head")
        command.revision(
            config,
            message=message,
            autogenerate=True,
            rev_id=schema.REVISIONS[0] if baseline else None,
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and write the revision."""
    parser = argparse.ArgumentParser(
        prog="python -m stalker.db.migrations.revise", description=__doc__
    )
    parser.add_argument("message", nargs="?", default="baseline")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args(argv)
    revise(args.message, baseline=args.baseline, hooks=RUFF_HOOKS)


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    main()
