# expect: none
"""A one-off export script, run as a program."""
import sys


def export(path):
    if not path:
        sys.exit(1)
    return path


if __name__ == "__main__":
    export(sys.argv[1])
