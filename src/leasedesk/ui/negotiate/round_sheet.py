"""A recorded round as a readable term sheet: the round's terms as an offer, and what differs from now."""

from __future__ import annotations

import dataclasses

from leasedesk.core.codec import offer_terms_to_data
from leasedesk.core.model import Deal, Offer
from leasedesk.core.negotiation import changed_terms
from leasedesk.core.terms.fields import fields_for
from leasedesk.core.validation import check_offer
from leasedesk.ui.negotiate.words import term_label


def round_as_deal(deal: Deal, offer: Offer, index: int) -> Deal | None:
    """The deal holding only the offer as it was in round ``index`` (same id), for a term-sheet view;
    None when the round's terms no longer read (the analysis start moved past them, say)."""
    revision = offer.revisions[index]
    data = {**revision.terms, "id": offer.id, "kind": revision.terms.get("kind", offer.kind)}
    earlier, _problems = check_offer(data, deal.assumptions)
    if earlier is None:
        return None
    return dataclasses.replace(deal, offers=(earlier,), baseline=None)


def differences_in_words(offer: Offer, index: int) -> str:
    """'Differs from now: Monthly fee, Escalator, Our exit: notice', in the form's order, or 'nothing'."""
    keys = set(changed_terms(offer.revisions[index].terms, offer_terms_to_data(offer)))
    labels = [term_label(offer.kind, term.dotted_key) for term in fields_for(offer.kind) if term.flat_key in keys]
    known = {term.flat_key for term in fields_for(offer.kind)}
    labels += [key.replace("_", " ") for key in sorted(keys - known)]
    return "Differs from now: " + (", ".join(dict.fromkeys(labels)) if labels else "nothing")
