"""The negotiation commands of the command line (DESIGN.md 8.5): bridge, term-values, solve, sensitivity.

Each prints a table, or with --json the shape of 8.5 (every number finite, else null). Bad
arguments, an unknown offer, term, round or metric, a counter of another kind or no round to
compare with: one line on stderr and exit status 2, through ``leasedesk.cli``'s error handling.
These commands import no Qt and no openpyxl.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from typing import Any

from leasedesk.cli import EXIT_OK, UsageError, _load, _Parser


def _bridge_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leasedesk bridge", description="What each changed clause of an offer did to its figures.")
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("offer", help="the offer's id")
    parser.add_argument(
        "--from",
        dest="ref",
        metavar="REF",
        help="a round label of the offer (its latest round with that label) or another offer's id; "
        "default: its latest round, else the offer it counters",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _term_values_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leasedesk term-values", description="What one step of each term of an offer is worth.")
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("offer", help="the offer's id")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _solve_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leasedesk solve", description="The value of one term at which a metric meets a target.")
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("offer", help="the offer's id")
    parser.add_argument(
        "--term", required=True, metavar="KEY", help="the term, dotted as in 8.2 (lessee_exit.notice_days)"
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--match", metavar="OFFER2", help="meet this offer's value of the metric (default: baseline)")
    target.add_argument("--value", type=_finite_number, metavar="X", help="meet this number")
    parser.add_argument("--metric", default="cost_per_gpu_hour", metavar="KEY", help="default: cost_per_gpu_hour")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a sentence")
    return parser


def _sensitivity_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leasedesk sensitivity", description="Tornado and grid of an offer's advantage over the baseline."
    )
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("--offer", metavar="ID", help="the selected offer (default: the first besides the baseline)")
    parser.add_argument("--grid", nargs=2, metavar=("KEY1", "KEY2"), help="two inputs for a grid (rows, columns)")
    parser.add_argument("--steps", type=_grid_steps, metavar="N", help="values an input in the grid (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _finite_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {text!r}")
    return value


def _grid_steps(text: str) -> int:
    from leasedesk.core.negotiation.sensitivity import MAX_STEPS

    if not text.isdigit() or not 2 <= int(text) <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"expected a whole number from 2 to {MAX_STEPS}, not {text!r}")
    return int(text)


def _finite(data: Any) -> Any:
    """The JSON data with every non-finite number made null (the engine should give none)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False))


def run_bridge(args: argparse.Namespace) -> int:
    from leasedesk.core.negotiation.bridge import bridge
    from leasedesk.core.negotiation.report import bridge_text

    deal = _load(args.file)
    result = bridge(deal, args.offer, args.ref)
    if args.json:
        _print_json(result.to_json_data())
    else:
        print(bridge_text(result, deal))
    return EXIT_OK


def run_term_values(args: argparse.Namespace) -> int:
    from leasedesk.core.negotiation.report import term_values_text
    from leasedesk.core.negotiation.term_values import term_values

    deal = _load(args.file)
    result = term_values(deal, args.offer)
    if args.json:
        _print_json(result.to_json_data())
    else:
        print(term_values_text(result, deal))
    return EXIT_OK


def run_solve(args: argparse.Namespace) -> int:
    from leasedesk.core.negotiation.report import solve_text
    from leasedesk.core.negotiation.solve import solve

    deal = _load(args.file)
    result = solve(deal, args.offer, args.term, metric=args.metric, match=args.match, value=args.value)
    if args.json:
        _print_json(result.to_json_data())
    else:
        print(solve_text(result, deal))
    return EXIT_OK


def run_sensitivity(args: argparse.Namespace) -> int:
    from leasedesk.core.negotiation.report import sensitivity_text
    from leasedesk.core.negotiation.sensitivity import DEFAULT_STEPS, sensitivity

    if args.steps is not None and args.grid is None:
        raise UsageError("sensitivity: --steps needs --grid KEY1 KEY2")
    deal = _load(args.file)
    grid = (args.grid[0], args.grid[1]) if args.grid else None
    result = sensitivity(deal, args.offer, grid, args.steps or DEFAULT_STEPS)
    if args.json:
        _print_json(result.to_json_data())
    else:
        print(sensitivity_text(result, deal))
    return EXIT_OK


_RUNNERS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]] = {
    "bridge": (_bridge_parser, run_bridge),
    "term-values": (_term_values_parser, run_term_values),
    "solve": (_solve_parser, run_solve),
    "sensitivity": (_sensitivity_parser, run_sensitivity),
}


def run_command(command: str, arguments: list[str]) -> int:
    """Run one negotiation command; an analysis's refusal becomes a usage error (exit status 2)."""
    from leasedesk.core.negotiation.copies import NegotiationError

    make_parser, runner = _RUNNERS[command]
    args = make_parser().parse_args(arguments)
    try:
        return runner(args)
    except NegotiationError as error:
        raise UsageError(f"{command}: {error}") from None
