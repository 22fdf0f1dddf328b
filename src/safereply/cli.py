"""The ``safereply`` command: screening commands here, everything else through Django."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("screen", "eval"):
        # Kept free of Django so that screening starts fast.
        from safereply import screening_cli

        return screening_cli.main(argv)
    return _django(argv)


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereply.settings")
    from django.core.management import execute_from_command_line

    if argv:
        # Hyphenated names read better on the command line; Django's commands are modules.
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["safereply", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
