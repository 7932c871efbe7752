"""How the Negotiate view names terms, clauses, metrics and sides, from the core's own tables."""

from __future__ import annotations

from leasedesk.core.negotiation.report import metric_info
from leasedesk.core.terms.kinds import kind_named
from leasedesk.core.terms.term import term_at

EXIT_OWNERS = {"lessee_exit": "Our exit", "provider_exit": "Provider's exit", "power": "Power"}
CLAUSE_WORDS = {
    "upfront_and_deposit": "Upfront fee and deposit",
    "lessee_exit": "Our exit right",
    "provider_exit": "Provider's exit right",
    "it_capex": "IT capex",
    "build_months": "Build time",
    "term": "Term",
}
DEAL_INPUT_WORDS = {
    "discount_rate": "Discount rate",
    "market.price_per_gpu_hour": "Market price",
    "market.annual_change": "Market drift a year",
}
SIDE_WORDS = {"lessee": "our terms (lessee)", "provider": "the provider's terms"}


def term_label(kind: str, key: str) -> str:
    """'Monthly fee', 'Our exit: notice' for a term key of DESIGN.md 8 (deal inputs too)."""
    if key in DEAL_INPUT_WORDS:
        return DEAL_INPUT_WORDS[key]
    try:
        label = term_at(kind_named(kind).schema, key).label
    except KeyError:
        label = key.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    owner = key.split(".", 1)[0] if "." in key else None
    return f"{EXIT_OWNERS.get(owner, owner)}: {in_sentence(label)}" if owner else label


def clause_label(key: str) -> str:
    return CLAUSE_WORDS.get(key, key.replace("_", " ").capitalize())


def metric_label(key: str) -> str:
    return metric_info(key).label


def side_words(side: str | None) -> str:
    """Whose terms a version holds; 'not recorded' when the file does not say."""
    return SIDE_WORDS.get(side or "", "not recorded")


def in_sentence(label: str) -> str:
    """A label inside a sentence: 'Monthly fee' -> 'monthly fee', but 'GPUs' and 'IT capex' stay."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label
