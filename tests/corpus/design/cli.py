# expect: none
"""Command-line entry point: exiting with a status is its job."""
import argparse
import sys


def run(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    args = parser.parse_args(argv)
    if not args.path.endswith(".csv"):
        sys.exit("expected a .csv file")
    return 0


def main():
    sys.exit(run(sys.argv[1:]))
