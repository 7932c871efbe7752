"""The .leasedeal document: load, validate, migrate, atomic save."""

from leasedesk.files.document import (
    DealFileError,
    ReadOnlyDealFileError,
    load_deal,
    parse_deal,
    save_deal,
    serialize_deal,
)

__all__ = ["DealFileError", "ReadOnlyDealFileError", "load_deal", "parse_deal", "save_deal", "serialize_deal"]
