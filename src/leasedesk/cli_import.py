"""``leasedesk import FILE WORKBOOK.xlsx``: the edited workbook as a round or a counter (DESIGN.md 8.5, 8.6).

The command never takes a conflicting value and never applies assumptions (the window asks); it lists
them. Without -o the deal is written back to FILE, atomically. A refused workbook, bad arguments or a bad
deal file: one line on stderr and exit status 2, through ``leasedesk.cli``'s error handling.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from leasedesk.cli import EXIT_OK, UsageError, _load, _Parser


def _import_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leasedesk import", description="Take the counterparty's edited workbook as a round or a counter."
    )
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("workbook", help="the edited workbook (.xlsx) exported from this deal")
    parser.add_argument("-o", "--output", help="write the deal here (default: back to FILE)")
    parser.add_argument("--as", dest="taken_as", choices=("round", "counter"), default="round",
                        help="record a round of each changed offer (default) or add a counter-offer")
    parser.add_argument("--side", choices=("lessee", "provider"),
                        help="whose terms the workbook holds (default: the other side of each offer's proposed_by, "
                        "else provider)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    return parser


def run_import(arguments: list[str]) -> int:
    from leasedesk.core.negotiation.import_apply import apply_import
    from leasedesk.core.negotiation.import_plan import plan_import
    from leasedesk.excel.import_.guard import WorkbookRefused
    from leasedesk.excel.import_.reader import read_returned_workbook
    from leasedesk.files import DealFileError, save_deal

    args = _import_parser().parse_args(arguments)
    deal = _load(args.file)
    try:
        returned = read_returned_workbook(Path(args.workbook), deal)
    except WorkbookRefused as error:
        raise UsageError(f"import: {error}") from None
    outcome = apply_import(deal, plan_import(deal, returned), taken_as=args.taken_as, side=args.side)
    target = Path(args.output) if args.output else Path(args.file)
    try:
        save_deal(outcome.deal, target)
    except DealFileError as error:
        raise UsageError(str(error)) from None
    data = outcome.to_json_data(str(target))
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(_summary(data))
    return EXIT_OK


def _summary(data: dict[str, Any]) -> str:
    lines = [f"wrote {data['deal']}"]
    for offer in data["offers"]:
        what = f"counter {offer['id']} to {offer['counter_of']}" if "counter_of" in offer else f"round of {offer['id']}"
        if not offer["changed"]:
            what = f"{offer['id']}: nothing taken"
        lines.append(what)
        lines.extend(f"  {key}: {current} -> {workbook}" for key, (current, workbook) in offer["changed"].items())
        lines.extend(
            f"  conflict {key}: exported {exported}, now {current}, workbook {workbook} (kept {current})"
            for key, (exported, current, workbook) in offer["conflicts"].items()
        )
    if not data["offers"]:
        lines.append("the workbook changed no offer's terms")
    lines.extend(
        f"assumption {key} (not applied): {current} -> {workbook}"
        for key, (current, workbook) in data["assumptions_changed"].items()
    )
    lines.extend(f"ignored: {text}" for text in data["ignored"])
    return "\n".join(lines)
