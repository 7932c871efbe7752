"""A self-build plan's sheet as formulas: capex timing, running costs, bridge capacity, residual value.

The formulas re-express DESIGN.md 2 ("Self-build"); the cached results come from the engine's arrays.
"""

from __future__ import annotations

import numpy as np

from leasedesk.core.comparison import OfferResult
from leasedesk.core.flows import build_capex
from leasedesk.core.model import Assumptions, SelfBuildPlan
from leasedesk.excel.offer_sheet import (
    OfferSheetSpec,
    ResultItem,
    checked,
    cumulative_column,
    discount_columns,
    horizon_metric_items,
    metric_item,
    offer_inputs,
    timeline_columns,
)
from leasedesk.excel.schedule import Column
from leasedesk.excel.schedule_values import ScheduleValues, blanks_except, flags, padded, shared_values
from leasedesk.excel.styles import COUNT, INTEGER, MONTHS, Formats

ONLINE_IN_HORIZON = "[in_horizon]*[online]"


def build_months_needed(assumptions: Assumptions, go_live: int) -> int:
    """Rows 0 .. max(H, g + 1) - 1: all capex, also a go-live after the horizon."""
    return max(assumptions.horizon_months, go_live + 1)


def build_columns(values: ScheduleValues, formats: Formats) -> list[Column]:
    money, v = formats.money, values.get
    return [
        *timeline_columns(values),
        Column("online", "Online (1/0)", INTEGER, "=IF([t]>=go_live,1,0)", values=v("online")),
        Column(
            "building", "Building (1/0)", INTEGER, "=IF(AND([t]>=start_month,[t]<go_live),1,0)", values=v("building")
        ),
        Column(
            "delivered", "Own GPUs online in the horizon", COUNT, f"={ONLINE_IN_HORIZON}*gpus", values=v("delivered")
        ),
        Column("it_capex", "IT capex (at go-live)", money, "=IF([t]=go_live,it_capex,0)", values=v("it_capex")),
        Column(
            "facility_capex",
            "Facility capex (over the build)",
            money,
            "=IF(OR(AND([t]>=start_month,[t]<go_live),AND(build_months=0,[t]=start_month)),facility_part,0)",
            values=v("facility_capex"),
        ),
        Column(
            "power",
            "Power in the horizon",
            money,
            f"={ONLINE_IN_HORIZON}*(gpus*kw_per_gpu*pue*hours_per_month*electricity_price_per_kwh)"
            "*(1+power_escalator)^INT([t]/12)",
            values=v("power"),
        ),
        Column("staff", "Staff in the horizon", money, f"={ONLINE_IN_HORIZON}*staff_per_month", values=v("staff")),
        Column(
            "maintenance",
            "Maintenance in the horizon",
            money,
            f"={ONLINE_IN_HORIZON}*(maintenance_pct*it_capex/12)",
            values=v("maintenance"),
        ),
        Column(
            "bridge",
            "Bridge capacity in the horizon",
            money,
            "=IF(bridge_price_per_gpu_hour>0,[in_horizon]*[building]*(gpus*hours_per_month*bridge_price_per_gpu_hour),0)",
            values=v("bridge"),
        ),
        Column(
            "cost",
            "Cost in the horizon",
            money,
            "=[in_horizon]*([it_capex]+[facility_capex]+[power]+[staff]+[maintenance]+[bridge])",
            values=v("cost"),
        ),
        Column(
            "gpu_hours",
            "GPU-hours in the horizon (own and bridge)",
            COUNT,
            "=[delivered]*hours_per_month*availability"
            "+IF(bridge_price_per_gpu_hour>0,[in_horizon]*[building]*(gpus*hours_per_month),0)",
            values=v("gpu_hours"),
        ),
        *discount_columns(values),
        Column(
            "pv",
            "Present value in the horizon",
            money,
            "=[in_horizon]*(([power]+[staff]+[maintenance]+[bridge])*[v]+([it_capex]+[facility_capex])*[w])",
            values=v("pv"),
        ),
        cumulative_column(values, formats),
        Column("capacity", "Month with own capacity", INTEGER, '=IF([delivered]>0,[t],"")', values=v("capacity")),
    ]


def build_results(result: OfferResult, assumptions: Assumptions, months: int, formats: Formats) -> list[ResultItem]:
    plan = result.offer
    assert isinstance(plan, SelfBuildPlan)
    figures = result.figures
    capex = build_capex(plan, assumptions)
    money = formats.money

    def metric(key: str, formula: str, number_format: str) -> ResultItem:
        return metric_item(result, key, formula, number_format)

    age = "(horizon_months-go_live)"
    return [
        ResultItem(
            "start_month",
            "Build start month s in the analysis",
            "=(YEAR(start)-YEAR(analysis_start))*12+MONTH(start)-MONTH(analysis_start)",
            figures.flows.start_month,
            INTEGER,
        ),
        ResultItem("go_live", "Go-live month g", "=start_month+build_months", capex.go_live, INTEGER),
        ResultItem("it_capex", "IT capex", "=gpus*gpu_capex", capex.it, money),
        ResultItem(
            "facility_capex", "Facility capex", "=gpus*kw_per_gpu/1000*facility_capex_per_mw", capex.facility, money
        ),
        ResultItem(
            "facility_part",
            "Facility capex per build month",
            "=facility_capex/MAX(build_months,1)",
            capex.facility_part,
            money,
        ),
        ResultItem("schedule_rows", "Months written in the schedule", None, months, INTEGER),
        ResultItem(
            "schedule_ok",
            "Schedule rows suffice (else #N/A)",
            "=AND(start_month>=0,MAX(horizon_months,go_live+1)<=schedule_rows)",
            True,
        ),
        ResultItem(
            "horizon_end_credit",
            "Value back at the horizon end",
            f"=IF(go_live<horizon_months,it_capex*MAX(0,1-{age}/(12*it_life_years))"
            f"+facility_capex*MAX(0,1-{age}/(12*facility_life_years)),"
            "SUMPRODUCT([in_horizon:],[facility_capex:]))",
            -figures.flows.end["residual"],
            money,
        ),
        *horizon_metric_items(result, assumptions, formats, "-horizon_end_credit"),
        metric("min_commitment", "=it_capex+facility_capex", money),
        metric(
            "min_commitment_pv", checked("SUMPRODUCT([it_capex:],[w:])+SUMPRODUCT([facility_capex:],[w:])"), money
        ),
        metric("secured_months", "=MAX(0,horizon_months-go_live)", MONTHS),
        metric("first_capacity_month", checked('IF(COUNT([capacity:])=0,"",MIN([capacity:]))'), INTEGER),
    ]


def build_values(result: OfferResult, assumptions: Assumptions, months: int) -> ScheduleValues:
    """The engine's figures for each schedule cell, to store as cached results."""
    plan = result.offer
    assert isinstance(plan, SelfBuildPlan)
    flows = result.figures.flows
    capex = build_capex(plan, assumptions)
    t = np.arange(months)
    s, g = flows.start_month, capex.go_live
    it_capex = np.where(t == g, capex.it, 0.0)
    facility = np.zeros(months)
    facility[capex.facility_months] = capex.facility_part
    delivered = padded(flows.delivered_gpus, months)
    with_capacity = np.flatnonzero(np.asarray(delivered) > 0)
    return ScheduleValues(
        {
            **shared_values(flows, assumptions, months),
            "online": flags(t >= g),
            "building": flags((t >= s) & (t < g)),
            "delivered": delivered,
            "it_capex": it_capex,
            "facility_capex": facility,
            **{part: padded(flows.recurring[part], months) for part in ("power", "staff", "maintenance", "bridge")},
            "capacity": blanks_except(months, with_capacity, with_capacity),
        }
    )


def build_sheet_spec(result: OfferResult, assumptions: Assumptions, formats: Formats) -> OfferSheetSpec:
    plan = result.offer
    assert isinstance(plan, SelfBuildPlan)
    months = build_months_needed(assumptions, build_capex(plan, assumptions).go_live)
    values = build_values(result, assumptions, months)
    return OfferSheetSpec(
        kind_words="Self-build",
        offer_id=plan.id,
        name=plan.display_name,
        inputs=offer_inputs(plan, formats),
        results=build_results(result, assumptions, months, formats),
        columns=build_columns(values, formats),
        months=months,
    )
