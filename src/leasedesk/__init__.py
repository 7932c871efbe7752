"""LeaseDesk: compare AI compute lease offers with each other and with building."""

__version__ = "0.1.0"
