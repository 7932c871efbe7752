"""Root finding for the solve (DESIGN.md 8.3): Brent's method on a bracket, bisection on whole values.

Written here rather than taken from scipy, which LeaseDesk does not otherwise need: the solve
asks only for a root of a scalar function inside a bracket whose ends differ in sign.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

EPSILON = sys.float_info.epsilon
MAX_ITERATIONS = 200


@dataclass(frozen=True)
class Root:
    x: float
    g: float
    converged: bool  # False: the bracket shrank to nothing without |g| meeting the tolerance (a jump)


def opposite_signs(ga: float, gb: float) -> bool:
    return (ga < 0 < gb) or (gb < 0 < ga)


def brent(
    g: Callable[[float], float],
    a: float,
    b: float,
    ga: float,
    gb: float,
    accept: Callable[[float, float], bool],
) -> Root:
    """A root of g between a and b (g(a), g(b) of opposite signs) by Brent's method: inverse
    quadratic interpolation or the secant where they make good progress, bisection otherwise.
    Stops when ``accept(x, g(x))`` or when the bracket is as small as the floats allow."""
    if not opposite_signs(ga, gb):
        raise ValueError("the bracket's ends must have g of opposite signs")
    x_floor = 1e-15 * abs(b - a)
    c, gc = a, ga  # the contrapoint: g(b) and g(c) always have opposite signs
    step = previous_step = b - a
    for _ in range(MAX_ITERATIONS):
        if (gb > 0) == (gc > 0):
            c, gc = a, ga
            step = previous_step = b - a
        if abs(gc) < abs(gb):  # keep b the better end
            a, ga, b, gb, c, gc = b, gb, c, gc, b, gb
        if gb == 0 or accept(b, gb):
            return Root(b, gb, True)
        tolerance = 2.0 * EPSILON * abs(b) + x_floor
        half = 0.5 * (c - b)
        if abs(half) <= tolerance:
            return Root(b, gb, False)
        if abs(previous_step) >= tolerance and abs(ga) > abs(gb):
            p, q = _interpolation(a, b, c, ga, gb, gc, half)
            if 2.0 * p < min(3.0 * half * q - abs(tolerance * q), abs(previous_step * q)):
                previous_step, step = step, p / q
            else:
                previous_step = step = half
        else:
            previous_step = step = half
        a, ga = b, gb
        b = b + (step if abs(step) > tolerance else math.copysign(tolerance, half))
        gb = g(b)
    return Root(b, gb, False)


def _interpolation(a: float, b: float, c: float, ga: float, gb: float, gc: float, half: float) -> tuple[float, float]:
    """The proposed step from b as p / q (p >= 0): the secant through a and b when a is c, else
    inverse quadratic interpolation through a, b and c."""
    s = gb / ga
    if a == c:
        p = 2.0 * half * s
        q = 1.0 - s
    else:
        qa = ga / gc
        r = gb / gc
        p = s * (2.0 * half * qa * (qa - r) - (b - a) * (r - 1.0))
        q = (qa - 1.0) * (r - 1.0) * (s - 1.0)
    if p > 0:
        q = -q
    else:
        p = -p
    return p, q


def whole_root(g: Callable[[int], float], a: int, b: int, ga: float, gb: float) -> tuple[int, float]:
    """Of the two adjacent whole values around the sign change between a and b, the one with the
    smaller |g| (the lower on a tie); a whole value where g is 0 is the answer itself."""
    if a > b:
        a, b, ga, gb = b, a, gb, ga
    while b - a > 1:
        middle = (a + b) // 2
        gm = g(middle)
        if gm == 0:
            return middle, gm
        if opposite_signs(ga, gm):
            b, gb = middle, gm
        else:
            a, ga = middle, gm
    return (b, gb) if abs(gb) < abs(ga) else (a, ga)
