"""``python -m stalker``: the ``stalker`` command."""

from stalker.cli import main

if __name__ == "__main__":
    main()
