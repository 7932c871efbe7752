"""Cached results of schedule cells, laid out from the engine's arrays (one entry per schedule month)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from leasedesk.core.discounting import Discounting
from leasedesk.core.flows import OfferFlows
from leasedesk.core.model import Assumptions, add_months
from leasedesk.excel.cells import CachedValue

EXCEL_EPOCH = dt.date(1899, 12, 30)
CellValues = list[CachedValue | None]


class ScheduleValues:
    """Per column key, the value of each month's cell (None where none is stored)."""

    def __init__(self, columns: dict[str, Sequence[CachedValue | None]]) -> None:
        self._columns = {key: list(values) for key, values in columns.items()}

    def get(self, key: str) -> CellValues | None:
        return self._columns.get(key)


def serial_dates(start: dt.date, months: int) -> CellValues:
    """Excel date serials of the first of each month from ``start``."""
    return [float((add_months(start, t) - EXCEL_EPOCH).days) for t in range(months)]


def flags(mask: npt.NDArray[np.bool_]) -> CellValues:
    return [1.0 if flag else 0.0 for flag in mask.tolist()]


def padded(values: npt.NDArray[np.float64], months: int, fill: float = 0.0) -> CellValues:
    """Horizon values, then ``fill`` for the months after the horizon."""
    out: CellValues = [float(x) for x in values[:months]]
    out.extend([fill] * (months - len(out)))
    return out


def running_before(values: npt.NDArray[np.float64]) -> CellValues:
    """Sum of the values of the months before each month."""
    return np.concatenate(([0.0], np.cumsum(values)[:-1])).tolist()  # type: ignore[no-any-return]


def blanks_except(months: int, rows: npt.ArrayLike, values: npt.ArrayLike) -> CellValues:
    """ "" (a formula's empty text) in every month but ``rows``, which hold ``values``."""
    out: CellValues = [""] * months
    for row, value in zip(np.asarray(rows).tolist(), np.asarray(values, dtype=np.float64).tolist(), strict=True):
        out[int(row)] = float(value)
    return out


def shared_values(flows: OfferFlows, assumptions: Assumptions, months: int) -> dict[str, CellValues]:
    """The cached values of the columns both offer kinds have (timeline, cost, GPU-hours, discount
    factors, present value, cumulative cost): the engine's arrays, padded past the horizon."""
    t = np.arange(months)
    disc = Discounting.of(assumptions)
    cost = flows.monthly_cost()
    cumulative = np.cumsum(cost)
    return {
        "date": serial_dates(assumptions.analysis_start, months),
        "t": t.tolist(),
        "in_horizon": flags(t < assumptions.horizon_months),
        "cost": padded(cost, months),
        "gpu_hours": padded(flows.gpu_hours, months),
        "v": disc.recurring(t).tolist(),
        "w": disc.one_off(t).tolist(),
        "pv": padded(flows.monthly_pv(disc), months),
        "cumulative": padded(cumulative, months, fill=float(cumulative[-1]) if len(cumulative) else 0.0),
    }
