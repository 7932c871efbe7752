"""Monthly rate and discount factors (DESIGN.md 2, "Timeline and discounting")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from leasedesk.core.model import Assumptions

FloatArray = npt.NDArray[np.float64]
Months = npt.ArrayLike


def monthly_rate(assumptions: Assumptions) -> float:
    r = assumptions.discount_rate
    if assumptions.rate_convention == "nominal":
        return r / 12.0
    return float((1.0 + r) ** (1.0 / 12.0) - 1.0)


@dataclass(frozen=True)
class Discounting:
    """Discount factors of one deal: v_t for recurring amounts, w_t for one-offs."""

    rate: float  # monthly
    arrears: bool
    horizon: int

    @classmethod
    def of(cls, assumptions: Assumptions) -> Discounting:
        return cls(
            rate=monthly_rate(assumptions),
            arrears=assumptions.payment_timing == "arrears",
            horizon=assumptions.horizon_months,
        )

    def one_off(self, months: Months) -> FloatArray:
        """w_t = (1 + r_m)^-t: an amount paid at the start of month t."""
        return np.power(1.0 + self.rate, -np.asarray(months, dtype=np.float64))

    def recurring(self, months: Months) -> FloatArray:
        """v_t = (1 + r_m)^-(t + d): a month's fee, power, staff, paid in advance or arrears."""
        shift = 1.0 if self.arrears else 0.0
        return np.power(1.0 + self.rate, -(np.asarray(months, dtype=np.float64) + shift))

    @property
    def horizon_end(self) -> float:
        """w_H: an amount at the end of the horizon."""
        return float(np.power(1.0 + self.rate, -float(self.horizon)))

    def annuity(self) -> float:
        """Sum of v_t over t = 0 .. H-1: the level monthly payment's present value factor."""
        return float(self.recurring(np.arange(self.horizon)).sum())
