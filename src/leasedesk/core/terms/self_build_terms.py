"""The terms of a self-build plan (DESIGN.md 2 "Self-build"; clauses and steps of 8.1 and 8.2)."""

from __future__ import annotations

from dataclasses import replace

from leasedesk.core.terms import offer_terms as common
from leasedesk.core.terms.term import (
    ESCALATOR,
    ESCALATOR_PLAUSIBLE,
    NON_NEGATIVE,
    POSITIVE,
    PUE,
    Rule,
    Schema,
    Term,
    placed,
)

SELF_BUILD_SCHEMA: Schema = placed(
    (
        common.ID,
        common.NAME,
        common.PROVIDER,
        common.SITE,
        common.GPU_MODEL,
        common.GPUS,
        replace(
            common.START, label="Build starts", tooltip="First month of the build (the first of a month).",
            group="Build", sheet_label="Build starts (first of a month)",
        ),
        Term(
            "gpu_capex", "Capex per GPU", "money", "All-in per GPU: server, network, storage share; paid at go-live.",
            group="Capex", sheet_label="IT capex per GPU (all-in)", step=1000, clause="it_capex",
        ),
        Term(
            "kw_per_gpu", "kW per GPU", "number", "All-in IT power per GPU.",
            rule=NON_NEGATIVE, unit="kW", group="Power", sheet_label="kW per GPU", clause="power",
        ),
        Term(
            "pue", "PUE", "number", "Facility power over IT power.",
            rule=PUE, group="Power", sheet_label="PUE", clause="power",
        ),
        Term(
            "facility_capex_per_mw", "Facility capex per MW", "money",
            "Per MW of IT load; paid in equal parts over the build months.",
            group="Capex", sheet_label="Facility capex per MW of IT load", step=1_000_000, clause="facility_capex",
        ),
        Term(
            "build_months", "Build time", "whole", "Months from the start of the build to go-live.",
            rule=Rule(NON_NEGATIVE.holds, "a whole number >= 0"), unit="months", group="Build",
            sheet_label="Build lead time (months)", sheet_format="integer", step=1, clause="build_months",
        ),
        Term(
            "electricity_price_per_kwh", "Electricity price per kWh", "price", "Price at the analysis start.",
            group="Power", sheet_label="Electricity price per kWh", step=0.01, clause="power",
        ),
        Term(
            "power_escalator", "Power escalator", "percent", "Yearly power price increase.",
            default=0.0, rule=ESCALATOR, unit="% a year", group="Power",
            sheet_label="Power escalator per calendar year", clause="power", plausible=ESCALATOR_PLAUSIBLE,
        ),
        Term(
            "staff_per_month", "Staff per month", "money", "Operations staff, from go-live.",
            default=0.0, group="Running costs", sheet_label="Staff per month", step=1_000_000, clause="running_costs",
        ),
        Term(
            "maintenance_pct", "Maintenance", "percent", "A year, as a share of IT capex.",
            default=0.0, rule=NON_NEGATIVE, unit="% a year", group="Running costs",
            sheet_label="Maintenance per year (share of IT capex)", clause="running_costs",
        ),
        Term(
            "it_life_years", "IT life", "number", "Straight-line life of servers.",
            rule=POSITIVE, unit="years", group="Residual value", sheet_label="IT life (years)", clause="lives",
        ),
        Term(
            "facility_life_years", "Facility life", "number", "Straight-line life of the facility.",
            rule=POSITIVE, unit="years", group="Residual value", sheet_label="Facility life (years)", clause="lives",
        ),
        replace(common.AVAILABILITY, tooltip="Share of hours the own GPUs are usable."),
        Term(
            "bridge_price_per_gpu_hour", "Bridge capacity price", "price",
            "Rented capacity during the build, per GPU-hour; 0 for none.",
            default=0.0, group="Build", sheet_label="Bridge while building, per GPU-hour", step=0.10, clause="bridge",
        ),
        replace(common.NOTES, tooltip="Anything worth remembering about this plan."),
        common.REVISIONS,
        common.COUNTER_OF,
        common.PROPOSED_BY,
    )
)

# The order of the inputs on a self-build's sheet.
SELF_BUILD_SHEET_ORDER = (
    "gpus", "start", "build_months", "gpu_capex", "kw_per_gpu", "pue", "facility_capex_per_mw",
    "electricity_price_per_kwh", "power_escalator", "staff_per_month", "maintenance_pct", "it_life_years",
    "facility_life_years", "availability", "bridge_price_per_gpu_hour",
)
