"""Undo and redo: every edit, a typed term or a structural change, replaces the whole deal.

Deals are immutable, so a command only keeps the deal before and after. Consecutive
keystrokes in one field merge into one command ("Change monthly fee").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from leasedesk.core.model import Deal

MERGE_ID = 0x1EA5E


class DealChange(QUndoCommand):
    def __init__(
        self,
        apply: Callable[[Deal], None],
        before: Deal,
        after: Deal,
        text: str,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def id(self) -> int:
        return MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DealChange) or other.merge_key != self.merge_key or not self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed back to where it was: nothing to undo
        return True

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)
