"""Entry point of the frozen LeaseDesk: the ``leasedesk`` command, window and command line alike."""

import os
import sys

from leasedesk.cli import main

if __name__ == "__main__":
    # A windowed Windows executable has no console: give print() somewhere harmless to write.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    sys.exit(main())
