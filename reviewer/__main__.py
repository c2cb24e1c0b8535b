"""`python -m reviewer`. Python put the working directory, often the tree under review, first
on the import path: a `typer.py` or `json.py` there would be imported in place of the library.
It is taken off before anything else is imported (`sys` and `os` are loaded at startup),
unless our own package was found there."""

import os
import sys

_OURS = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
if not sys.flags.safe_path and sys.path and os.path.realpath(sys.path[0]) != _OURS:
    del sys.path[0]

try:
    from reviewer.cli import main
except KeyboardInterrupt:  # before `main` could take Ctrl-C over: nothing was started yet
    sys.stderr.write("review: interrupted\n")
    raise SystemExit(130) from None

raise SystemExit(main())
