"""Terms every offer kind has (identity, capacity, start, availability, notes, negotiation rounds and sides).

Each kind places them in its own schema, with its own wording where it differs
(``replace(START, label="Build starts")``), so the deal file keeps its key order.
"""

from __future__ import annotations

from leasedesk.core.terms.term import ID_LENGTH, NAME_LENGTH, NOTES_LENGTH, POSITIVE, SHARE, Plausible, Rule, Term

ID = Term("id", "Offer id", "text", max_length=ID_LENGTH)
NAME = Term(
    "name", "Offer name", "text", "How this offer is called in the comparison.", default="", group="Parties",
    max_length=NAME_LENGTH,
)
PROVIDER = Term(
    "provider", "Provider", "text", "Who provides the capacity.", default="", group="Parties", max_length=NAME_LENGTH
)
SITE = Term("site", "Site", "text", "Where the cluster is.", default="", group="Parties", max_length=NAME_LENGTH)
GPU_MODEL = Term(
    "gpu_model", "GPU model", "text", "For example GB300 or H100.", default="", group="Capacity",
    max_length=NAME_LENGTH,
)
GPUS = Term(
    "gpus", "GPUs", "whole", "GPUs committed (leases) or built (self-build).",
    rule=Rule(POSITIVE.holds, "a whole number > 0"), group="Capacity", sheet_label="GPUs", sheet_format="count",
    clause="capacity",
)
START = Term("start", "Start", "month", group="Term", sheet_label="Start (first of a month)", step=1, clause="start")
AVAILABILITY = Term(
    "availability", "Availability", "percent", "Share of hours the GPUs are usable.",
    default=1.0, rule=SHARE, unit="%", group="Capacity", sheet_label="Availability", step=0.01,
    clause="availability", plausible=Plausible(low=0.5),  # under 50% usable hours: most likely a slip
)
NOTES = Term("notes", "Notes", "text", default="", group="Notes", max_length=NOTES_LENGTH)
REVISIONS = Term("revisions", "Negotiation rounds", "rounds", default=())
COUNTER_OF = Term("counter_of", "Counter to", "reference", default=None, max_length=ID_LENGTH)
# Whose terms the offer's current version holds (DESIGN.md 3); optional, not a form field.
PROPOSED_BY = Term(
    "proposed_by", "Proposed by", "choice", "Whose terms the offer's current version holds.",
    default=None, choices=(("lessee", "Lessee"), ("provider", "Provider")),
)
