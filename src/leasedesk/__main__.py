"""``python -m leasedesk``: the same as the ``leasedesk`` command."""

import sys

from leasedesk.cli import main

sys.exit(main())
