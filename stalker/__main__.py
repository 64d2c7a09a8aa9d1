"""``python -m stalker``: the ``stalker`` command."""

from stalker.cli import main

main()
