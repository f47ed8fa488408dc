"""Ending the console script's process without tearing the interpreter down.

When a command is done, Python's own exit frees every object the process made, one at a
time: the graph's records and, after `query`, the embedded database's tables and columns
(some 70 ms of the bundled data's `watchgraph query contracts`; more for a larger graph),
memory the operating system takes back at once when the process ends. `end` does what
Python's exit does that matters to anyone outside the process, in the same order (the exit
handlers, then the standard streams flushed), and ends it there.

Everything the commands write is closed before they return (outputs are written
atomically; a built database or store is closed before it is moved into place); what is
still open at the end is read-only. `end` leaves the exit to Python when another thread
is running (Python joins it first) or a standard stream cannot be flushed (a closed pipe:
Python reports it, as before).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def end(code: int) -> NoReturn:
    """End the process with exit status `code`, after the exit handlers and a flush of
    the standard streams."""
    if threading.active_count() == 1:
        atexit._run_exitfuncs()  # what Python's exit runs first; it empties the list
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass  # Python's own exit reports it
        else:
            os._exit(code)
    sys.exit(code)
