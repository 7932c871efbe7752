"""Entry point of the frozen LeaseDesk: the ``leasedesk`` command, window and command line alike."""

import multiprocessing
import os
import sys

from leasedesk.cli import main

if __name__ == "__main__":
    # The Negotiate view computes in a worker process started with "spawn": in the frozen app that
    # process runs this executable again, and must become the worker, not a second window.
    multiprocessing.freeze_support()
    # A windowed Windows executable has no console: give print() somewhere harmless to write.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    sys.exit(main())
