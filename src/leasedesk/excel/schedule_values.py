"""Cached results of schedule cells, laid out from the engine's arrays (one entry per schedule month).

A column of numbers stays a numpy array (the rows are rendered from arrays: a list would be turned back
into one); a column holding text too is a list."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import numpy.typing as npt

from leasedesk.core.discounting import Discounting
from leasedesk.core.flows import OfferFlows
from leasedesk.core.model import Assumptions, add_months
from leasedesk.excel.cells import CachedValue

EXCEL_EPOCH = dt.date(1899, 12, 30)
CellValues = list[CachedValue | None] | npt.NDArray[np.float64] | npt.NDArray[np.int64]


class ScheduleValues:
    """Per column key, the value of each month's cell (None where none is stored)."""

    def __init__(self, columns: dict[str, CellValues]) -> None:
        self._columns = dict(columns)

    def get(self, key: str) -> CellValues | None:
        return self._columns.get(key)


def serial_dates(start: dt.date, months: int) -> list[float]:
    """Excel date serials of the first of each month from ``start``."""
    return list(_serial_dates(start, months))


@functools.lru_cache(maxsize=64)  # every offer sheet of a deal has the same dates (1,000 offers: ~0.6 s)
def _serial_dates(start: dt.date, months: int) -> tuple[float, ...]:
    return tuple(float((add_months(start, t) - EXCEL_EPOCH).days) for t in range(months))


def flags(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    return np.where(mask, 1.0, 0.0)


def padded(values: npt.ArrayLike, months: int, fill: float = 0.0) -> npt.NDArray[np.float64]:
    """Horizon values, then ``fill`` for the months after the horizon."""
    head = np.asarray(values, dtype=np.float64)[:months]
    out = np.full(months, fill, dtype=np.float64)
    out[: len(head)] = head
    return out


def running_before(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Sum of the values of the months before each month."""
    return np.concatenate(([0.0], np.cumsum(values)[:-1]))


def blanks_except(months: int, rows: npt.ArrayLike, values: npt.ArrayLike) -> list[CachedValue | None]:
    """"" (a formula's empty text) in every month but ``rows``, which hold ``values``."""
    out: list[CachedValue | None] = [""] * months
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
        "date": np.array(_serial_dates(assumptions.analysis_start, months)),
        "t": t,
        "in_horizon": flags(t < assumptions.horizon_months),
        "cost": padded(cost, months),
        "gpu_hours": padded(flows.gpu_hours, months),
        "v": disc.recurring(t),
        "w": disc.one_off(t),
        "pv": padded(flows.monthly_pv(disc), months),
        "cumulative": padded(cumulative, months, fill=float(cumulative[-1]) if len(cumulative) else 0.0),
    }
