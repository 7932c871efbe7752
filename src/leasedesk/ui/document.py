"""The open deal as state, apart from any widget: the deal, its comparison, its file, unsaved changes.

Widgets only adapt this object. Every edit replaces the whole (immutable) deal through
the undo stack, and each change is recomputed by ``core.comparison.compare`` with one
``ComparisonCache``, so the figures of untouched offers are reused. The comparison
module (and pandas behind it) is imported on the first deal, after the window shows.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from leasedesk.core.model import Deal, Offer
from leasedesk.core.validation import DealError, validate_deal
from leasedesk.files import DealFileError, load_deal, save_deal
from leasedesk.files.document import absolute_path
from leasedesk.ui.new_offers import new_deal
from leasedesk.ui.undo import DealChange

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison, ComparisonCache

log = logging.getLogger(__name__)


class DealDocument(QObject):
    """``deal_changed(comparison)``, ``modified_changed(bool)``, ``file_changed(path or None)``,
    ``replaced()`` when another deal is opened."""

    deal_changed = Signal(object)
    replaced = Signal()  # another deal was opened (New, Open, recovery): not an edit of this one
    modified_changed = Signal(bool)
    file_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.modified_changed.emit(not clean))
        stack = self.undo_stack
        self.destroyed.connect(lambda: stack.blockSignals(True))  # its last signals would reach a dead document
        self._deal: Deal | None = None
        self._comparison: Comparison | None = None
        self._cache: ComparisonCache | None = None
        self._path: Path | None = None
        self._is_sample = False
        # Leases added with the placeholder fee whose fee has not been typed yet: their fee follows their GPUs
        # (issue 13). This session's knowledge only, never saved; cleared when another deal is opened.
        self.placeholder_fees: set[str] = set()
        # The field being typed in: its merge key, the deal before its typing began, and the undo index its
        # step sits at. What ``take_back_typing`` returns to.
        self._typing: tuple[str, Deal, int] | None = None

    # ----- state -----
    @property
    def deal(self) -> Deal | None:
        return self._deal

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    @property
    def path(self) -> Path | None:
        """The file the deal is saved to (absolute and resolved, whatever folder the app was started
        from); None for a new deal or the bundled sample."""
        return self._path

    @property
    def is_sample(self) -> bool:
        """Opened from the bundled sample as a template: saving asks for a new file."""
        return self._is_sample

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self._path is not None:
            return self._path.name
        if self._deal is not None and self._is_sample:
            return f"{self._deal.name} (sample)"
        return "Untitled"

    # ----- whole documents -----
    def reset(self, deal: Deal, path: Path | None = None, *, is_sample: bool = False) -> None:
        """Show ``deal`` as a freshly opened document: no undo history, no unsaved changes."""
        self._path = absolute_path(path) if path is not None else None
        self._is_sample = is_sample
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.placeholder_fees.clear()
        self._typing = None
        self.replaced.emit()  # before the new deal shows: what was typed for the old one is dropped
        self._apply(deal)
        self.file_changed.emit(self._path)
        self.modified_changed.emit(False)

    def new(self) -> None:
        self.reset(new_deal())

    def load(self, path: Path | str, *, is_sample: bool = False) -> None:
        """Open a deal file. Raises ``DealFileError`` (one line for the user) and then changes nothing."""
        deal = load_deal(path)
        self.reset(deal, None if is_sample else Path(path), is_sample=is_sample)
        log.info("opened %s", path)

    def save(self, path: Path | str | None = None) -> Path:
        """Save atomically to ``path`` (or the current file). Raises ``DealFileError``."""
        target = absolute_path(path) if path is not None else self._path
        if self._deal is None or target is None:
            raise ValueError("there is no deal or no file to save to")
        problems = validate_deal(self._deal)
        if problems:  # never write a file that would not open again
            raise DealFileError(target, str(DealError(problems)))
        save_deal(self._deal, target)
        changed_file = target != self._path
        self._path = target
        self._is_sample = False
        self.undo_stack.setClean()
        if changed_file:
            self.file_changed.emit(self._path)
        return target

    # ----- edits (each one undoable) -----
    def change(self, deal: Deal, text: str, merge_key: str | None = None) -> None:
        if self._deal is None or deal == self._deal:
            return
        before, typing = self._deal, self._typing
        self.undo_stack.push(DealChange(self._apply, before, deal, text, merge_key))
        index = self.undo_stack.index()
        if merge_key is None:
            self._typing = None
        elif typing is None or typing[0] != merge_key or typing[2] != index:
            self._typing = (merge_key, before, index)  # a new typing: the keystrokes before it stay

    def take_back_typing(self, merge_key: str) -> None:
        """A field's text stopped validating: what its keystrokes applied since its typing began is taken
        back, so the figures are those of the terms before the typing, not of a keystroke on the way ("1.6e"
        after "1.6" would leave a fee of 1.60). The text stays in the field, marked. The typing began with
        the first keystroke in this field after an edit anywhere else (as its undo step does)."""
        typing, stack = self._typing, self.undo_stack
        if typing is None or typing[0] != merge_key or self._deal is None:
            return
        _key, before, index = typing
        if stack.index() != index or index != stack.count() or before == self._deal:
            return  # undone, or another step since: nothing of this typing is in force
        self.change(before, "Take back typing", merge_key)  # merges into the field's step (obsolete if empty)
        self._typing = (merge_key, before, stack.index())

    def replace_offer(self, offer: Offer, text: str = "Change terms", merge_key: str | None = None) -> None:
        """Put an edited offer (same id) in place: what the term-sheet editor calls."""
        deal = self._require_deal()
        offers = tuple(offer if o.id == offer.id else o for o in deal.offers)
        self.change(dataclasses.replace(deal, offers=offers), text, merge_key)

    def add_offer(self, offer: Offer) -> None:
        deal = self._require_deal()
        self.change(dataclasses.replace(deal, offers=(*deal.offers, offer)), f"Add {offer.display_name}")

    def remove_offer(self, offer_id: str) -> None:
        deal = self._require_deal()
        offer = deal.offer(offer_id)
        offers = tuple(o for o in deal.offers if o.id != offer_id)
        baseline = None if deal.baseline == offer_id else deal.baseline
        self.change(dataclasses.replace(deal, offers=offers, baseline=baseline), f"Delete {offer.display_name}")

    def rename_offer(self, offer_id: str, name: str) -> None:
        deal = self._require_deal()
        offer = deal.offer(offer_id)
        self.replace_offer(dataclasses.replace(offer, name=name.strip()), f"Rename {offer.display_name}")

    def set_baseline(self, offer_id: str) -> None:
        deal = self._require_deal()
        offer = deal.offer(offer_id)
        self.change(dataclasses.replace(deal, baseline=offer_id), f"Compare with {offer.display_name}")

    # ----- internals -----
    def _require_deal(self) -> Deal:
        if self._deal is None:
            raise ValueError("no deal is open")
        return self._deal

    def _apply(self, deal: Deal) -> None:
        from leasedesk.core.comparison import ComparisonCache, compare

        if self._cache is None:
            self._cache = ComparisonCache()
        comparison = compare(deal, self._cache)  # first: if it fails, the document stays as it was
        self._deal = deal
        self._comparison = comparison
        self.deal_changed.emit(self._comparison)
