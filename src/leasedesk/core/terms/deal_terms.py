"""The deal's own fields (DESIGN.md 5: ``name``, ``currency``, ``notes`` at the top of the file), declared once.

The Deal tab builds its fields from these. Loading still reads them in ``core.validation.read_deal``
(the currency's rule, not empty when given, spans no other term), with the same lengths.
"""

from __future__ import annotations

from leasedesk.core.terms.term import CURRENCY_LENGTH, NAME_LENGTH, NOTES_LENGTH, Schema, Term, placed

GROUP = "Deal"

DEAL_SCHEMA: Schema = placed(
    (
        Term(
            "name", "Deal name", "text", "How the deal is called in the workbook and the CLI's reports.",
            group=GROUP, max_length=NAME_LENGTH,
        ),
        Term(
            "currency", "Currency", "text", "The ISO code of every amount: USD, EUR and GBP show as $, € and £.",
            default="USD", group=GROUP, max_length=CURRENCY_LENGTH,
        ),
        Term(
            "notes", "Notes", "text", "Anything worth remembering about the deal as a whole.",
            default="", group=GROUP, max_length=NOTES_LENGTH,
        ),
    )
)
