"""A lease's sheet as formulas: fees with escalator and ramp, passed-through power, deposit, the exit curve.

The formulas re-express DESIGN.md 2 ("Lease", "Exit rights") over the sheet's named inputs; the
cached results come from the engine's arrays (core.flows, core.exits), never from a second model.
"""

from __future__ import annotations

import numpy as np

from leasedesk.core.comparison import OfferResult
from leasedesk.core.discounting import Discounting
from leasedesk.core.flows import lease_months
from leasedesk.core.model import Assumptions, LeaseOffer
from leasedesk.excel.offer_sheet import (
    OfferSheetSpec,
    RampTable,
    ResultItem,
    checked,
    cumulative_column,
    discount_columns,
    horizon_metric_items,
    metric_item,
    offer_inputs,
    timeline_columns,
    yes_no,
)
from leasedesk.excel.schedule import Column
from leasedesk.excel.schedule_values import (
    ScheduleValues,
    blanks_except,
    running_before,
    shared_values,
)
from leasedesk.excel.styles import COUNT, FACTOR, INTEGER, MONTHS, Formats

IN_TERM = "AND([k]>=0,[k]<term_months)"
DELIVERED = (
    f"=IF({IN_TERM},IF(COUNT(ramp_month)=0,gpus,IF(COUNTIF(ramp_month,\"<=\"&[k])=0,0,"
    'INDEX(ramp_gpus,COUNTIF(ramp_month,"<="&[k])))),0)'
)
# the share of the fee due for the delivered GPUs; #N/A for a fee basis that is neither choice
FEE_SHARE = 'IF(fee_basis="delivered",[delivered]/gpus,IF(fee_basis="committed",1,NA()))'
LESSEE_EXIT, PROVIDER_EXIT = yes_no("lessee_exit_allowed"), yes_no("provider_exit_allowed")
EXIT_ROW = "start_month+INT([exit_effective])+1"
EXIT_COST = (
    '=IF([exit_effective]="","",IF([exit_effective]>=term_months,full_term_cost,'
    f"INDEX([paid_before:],{EXIT_ROW})+([exit_effective]-INT([exit_effective]))*INDEX([running:],{EXIT_ROW})"
    "+upfront_fee+lessee_exit_termination_fee))"
)
EXIT_COST_PV = (
    '=IF([exit_effective]="","",IF([exit_effective]>=term_months,full_term_pv,'
    f"INDEX([paid_before_pv:],{EXIT_ROW})+([exit_effective]-INT([exit_effective]))*INDEX([running_pv:],{EXIT_ROW})"
    "+(upfront_fee+deposit)*(1+monthly_rate)^(-start_month)"
    "+(lessee_exit_termination_fee-deposit)*(1+monthly_rate)^(-(start_month+INT([exit_effective])))))"
)


def lease_months_needed(lease: LeaseOffer, assumptions: Assumptions, start_month: int) -> int:
    """Rows 0 .. max(H, s + T) - 1: the exit figures look past the horizon."""
    return max(assumptions.horizon_months, start_month + lease.term_months)


def lease_columns(values: ScheduleValues, formats: Formats) -> list[Column]:
    money, v = formats.money, values.get
    return [
        *timeline_columns(values),
        Column("k", "k (lease month)", INTEGER, "=[t]-start_month", values=v("k")),
        Column("delivered", "Delivered GPUs", COUNT, DELIVERED, values=v("delivered")),
        Column(
            "fee_per_unit",
            "Fee per unit of monthly_fee",
            FACTOR,
            f'=IF({IN_TERM},(1+escalator)^INT([k]/12)*{FEE_SHARE},0)',
            values=v("fee_per_unit"),
        ),
        Column("fee", "Fee", money, "=monthly_fee*[fee_per_unit]", values=v("fee")),
        Column(
            "power",
            "Power passed through",
            money,
            f"=IF({yes_no('power_included')},0,[delivered]*(power_kw_per_gpu*power_pue*hours_per_month*power_price_per_kwh)"
            "*(1+power_escalator)^INT([t]/12))",
            values=v("power"),
        ),
        Column("upfront", "Upfront fee", money, "=IF([k]=0,upfront_fee,0)", values=v("upfront")),
        Column(
            "deposit",
            "Deposit paid (+) / returned (-)",
            money,
            "=IF([k]=0,deposit,0)-IF([k]=term_months,deposit,0)",
            values=v("deposit"),
        ),
        Column(
            "cost",
            "Cost in the horizon",
            money,
            "=[in_horizon]*([fee]+[power]+[upfront]+[deposit])",
            values=v("cost"),
        ),
        Column(
            "gpu_hours",
            "GPU-hours in the horizon",
            COUNT,
            "=[in_horizon]*[delivered]*hours_per_month*availability",
            values=v("gpu_hours"),
        ),
        *discount_columns(values),
        Column(
            "pv",
            "Present value in the horizon",
            money,
            "=[in_horizon]*(([fee]+[power])*[v]+([upfront]+[deposit])*[w])",
            values=v("pv"),
        ),
        cumulative_column(values, formats),
        Column("running", "Exit: monthly fee and power", money, "=[fee]+[power]", values=v("running")),
        Column("running_pv", "Exit: its present value", money, "=[running]*[v]", values=v("running_pv")),
        Column(
            "paid_before",
            "Exit: fees and power before this month",
            money,
            "=[paid_before^]+[running^]",
            first="=0",
            values=v("paid_before"),
        ),
        Column(
            "paid_before_pv",
            "Exit: their present value",
            money,
            "=[paid_before_pv^]+[running_pv^]",
            first="=0",
            values=v("paid_before_pv"),
        ),
        Column(
            "exit_effective",
            "Exit: notice given at the start of lease month k ends the lease at",
            MONTHS,
            f"=IF(NOT(schedule_ok),NA(),IF(AND({LESSEE_EXIT},[k]>=lessee_exit_lock_in_months,[k]<term_months),"
            '[k]+lessee_exit_notice_months,""))',
            values=v("exit_effective"),
        ),
        Column("exit_cost", "Exit: cost of that path X(k)", money, EXIT_COST, values=v("exit_cost")),
        Column("exit_cost_pv", "Exit: its present value X_pv(k)", money, EXIT_COST_PV, values=v("exit_cost_pv")),
        Column(
            "capacity",
            "Month with capacity (in horizon)",
            INTEGER,
            '=IF(AND([in_horizon]=1,[delivered]>0),[t],"")',
            values=v("capacity"),
        ),
    ]


def lease_results(result: OfferResult, assumptions: Assumptions, months: int, formats: Formats) -> list[ResultItem]:
    lease = result.offer
    assert isinstance(lease, LeaseOffer)
    figures = result.figures
    commitment = figures.commitment
    assert commitment is not None
    money = formats.money

    def metric(key: str, formula: str, number_format: str) -> ResultItem:
        return metric_item(result, key, formula, number_format)

    return [
        ResultItem(
            "start_month",
            "Start month s in the analysis",
            "=(YEAR(start)-YEAR(analysis_start))*12+MONTH(start)-MONTH(analysis_start)",
            figures.flows.start_month,
            INTEGER,
        ),
        ResultItem("schedule_rows", "Months written in the schedule", None, months, INTEGER),
        ResultItem(
            "schedule_ok",
            "Schedule rows suffice (else #N/A)",
            "=AND(start_month>=0,MAX(horizon_months,start_month+term_months)<=schedule_rows)",
            True,
        ),
        ResultItem(
            "lessee_exit_notice_months",
            "Lessee notice (months = days / 30.4375)",
            "=lessee_exit_notice_days/days_per_month",
            lease.lessee_exit.notice_months,
            MONTHS,
        ),
        ResultItem(
            "deposit_at_horizon_end",
            "Deposit back at the horizon end",
            "=IF(AND(start_month<horizon_months,start_month+term_months>=horizon_months),-deposit,0)",
            figures.flows.end["deposit"],
            money,
        ),
        *horizon_metric_items(result, assumptions, formats, "+deposit_at_horizon_end"),
        ResultItem(
            "fee_pv_per_unit",
            "PV per unit of monthly_fee (break-even)",
            checked("SUMPRODUCT([in_horizon:],[fee_per_unit:],[v:])"),
            figures.fee_pv_per_unit,
            FACTOR,
        ),
        ResultItem(
            "full_term_cost",
            "Whole term, nominal",
            checked("SUM([running:])+upfront_fee"),
            commitment.full_term_cost,
            money,
        ),
        ResultItem(
            "full_term_pv",
            "Whole term, present value",
            checked(
                "SUM([running_pv:])+(upfront_fee+deposit)*(1+monthly_rate)^(-start_month)"
                "-deposit*(1+monthly_rate)^(-(start_month+term_months))"
            ),
            commitment.full_term_pv,
            money,
        ),
        metric(
            "min_commitment",
            f"=IF(AND({LESSEE_EXIT},lessee_exit_lock_in_months<term_months),"
            "INDEX([exit_cost:],start_month+lessee_exit_lock_in_months+1),full_term_cost)",
            money,
        ),
        metric(
            "min_commitment_pv",
            f"=IF(AND({LESSEE_EXIT},lessee_exit_lock_in_months<term_months),"
            "INDEX([exit_cost_pv:],start_month+lessee_exit_lock_in_months+1),full_term_pv)",
            money,
        ),
        metric(
            "secured_months",
            f"=IF({PROVIDER_EXIT},MIN(term_months,provider_exit_lock_in_months"
            "+provider_exit_notice_days/days_per_month),term_months)",
            MONTHS,
        ),
        metric("first_capacity_month", checked('IF(COUNT([capacity:])=0,"",MIN([capacity:]))'), INTEGER),
    ]


def lease_values(result: OfferResult, assumptions: Assumptions, months: int) -> ScheduleValues:
    """The engine's figures for each schedule cell, to store as cached results."""
    lease = result.offer
    assert isinstance(lease, LeaseOffer)
    flows = result.figures.flows
    s, term, horizon = flows.start_month, lease.term_months, assumptions.horizon_months
    disc = Discounting.of(assumptions)
    t = np.arange(months)
    k = t - s
    in_term = (k >= 0) & (k < term)
    contract = lease_months(lease, assumptions, k[in_term])

    def spread(values: np.ndarray) -> np.ndarray:
        out = np.zeros(months)
        out[in_term] = values
        return out

    delivered = spread(contract.delivered)
    running = spread(contract.fee + contract.power)
    v = disc.recurring(t)
    deposit = np.zeros(months)
    deposit[s] += lease.deposit
    if s + term < months:
        deposit[s + term] -= lease.deposit
    upfront = np.where(k == 0, lease.upfront_fee, 0.0)
    in_horizon = t < horizon
    curve = result.exit_curve
    assert curve is not None
    rows = s + curve.notice_months
    return ScheduleValues(
        {
            **shared_values(flows, assumptions, months),
            "k": k,
            "delivered": delivered,
            "fee_per_unit": spread(contract.fee_per_unit),
            "fee": spread(contract.fee),
            "power": spread(contract.power),
            "upfront": upfront,
            "deposit": deposit,
            "running": running,
            "running_pv": (running * v),
            "paid_before": running_before(running),
            "paid_before_pv": running_before(running * v),
            "exit_effective": blanks_except(months, rows, curve.ends_at),
            "exit_cost": blanks_except(months, rows, curve.cost),
            "exit_cost_pv": blanks_except(months, rows, curve.cost_pv),
            "capacity": blanks_except(months, t[in_horizon & (delivered > 0)], t[in_horizon & (delivered > 0)]),
        }
    )


def lease_sheet_spec(result: OfferResult, assumptions: Assumptions, formats: Formats) -> OfferSheetSpec:
    lease = result.offer
    assert isinstance(lease, LeaseOffer)
    months = lease_months_needed(lease, assumptions, result.figures.flows.start_month)
    values = lease_values(result, assumptions, months)
    return OfferSheetSpec(
        kind_words="Lease",
        offer_id=lease.id,
        name=lease.display_name,
        inputs=offer_inputs(lease, formats),
        results=lease_results(result, assumptions, months, formats),
        columns=lease_columns(values, formats),
        months=months,
        ramp=RampTable(tuple((step.month, step.gpus) for step in lease.ramp)),
    )
