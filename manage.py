#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evaluator.settings")
    if sys.argv[1:2] == ["runserver"]:
        # The development server is for development: DEBUG unless told otherwise.
        # Everything else (and the WSGI app) runs with DEBUG off unless asked for.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
