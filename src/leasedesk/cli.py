"""The command line: ``leasedesk [FILE]`` (the window), ``compare`` and ``export`` (DESIGN.md 4).

``compare`` and ``export`` import no Qt; ``compare`` imports no openpyxl either. Every
bad file or argument gives one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from leasedesk import __version__
from leasedesk.messages import one_line

if TYPE_CHECKING:
    from leasedesk.core.model import Deal

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


# Every command with one line each, for ``leasedesk --help`` and for "did you mean" on a typo.
COMMANDS: dict[str, str] = {
    "compare": "compare FILE [--json] [--ids]: the comparison as a table (--ids: with the offers' ids), or as JSON",
    "export": "export FILE -o OUT.xlsx: the live Excel workbook",
    "bridge": "bridge FILE OFFER [--from REF] [--json]: what each changed clause is worth",
    "term-values": "term-values FILE OFFER [--json]: what one step of each term is worth",
    "solve": "solve FILE OFFER --term KEY [--match OFFER2 | --value X] [--metric KEY] [--json]: a term for a target",
    "sensitivity": "sensitivity FILE [--offer ID] [--grid KEY1 KEY2 [--steps N]] [--json]: tornado and grid",
    "import": "import FILE WORKBOOK.xlsx [-o OUT] [--as round|counter] [--side lessee|provider] [--json]: "
    "the counterparty's edited workbook as their round or counter",
}
NEGOTIATION_COMMANDS = ("bridge", "term-values", "solve", "sensitivity")


class UsageError(Exception):
    """Bad arguments or a bad file: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog.removeprefix('leasedesk').strip() or 'usage'}: {message}")


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leasedesk",
        description="Compare AI compute lease offers with each other and with building. Without a command, "
        "opens the window on FILE, or on the last deal, or on the bundled sample.",
        epilog="commands:\n" + "\n".join(f"  leasedesk {line}" for line in COMMANDS.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="a .leasedeal file to open in the window")
    parser.add_argument("--version", action="version", version=f"leasedesk {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="self-check: open the sample offscreen, paint, export, print one line, exit",
    )
    parser.add_argument(
        "--endurance-test",
        type=_keystroke_count,
        metavar="N",
        help="self-check: type N keystrokes into the sample's lease fee offscreen, close the window, exit",
    )
    return parser


def _keystroke_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1_000_000:
        raise argparse.ArgumentTypeError(f"expected a number of keystrokes from 1 to 1,000,000, not {text!r}")
    return int(text)


def _compare_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leasedesk compare", description="Print the comparison of a deal's offers.")
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--ids", action="store_true", help="add a row of the offers' ids to the table")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leasedesk export", description="Write the deal as a live Excel workbook.")
    parser.add_argument("file", help="a .leasedeal file")
    parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    return parser


def _check_output_name(output: str) -> None:
    if not output.lower().endswith(".xlsx"):
        raise UsageError(f"export: the output must be an .xlsx workbook, not {output!r}")


def _unknown_command(word: str) -> str | None:
    """'comapre' -> 'compare': a bare word close to a command, when it is not a file that exists."""
    if word.startswith("-") or os.sep in word or Path(word).exists():
        return None
    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.7)
    return close[0] if close else None


def _load(path: str) -> Deal:
    from leasedesk.files import DealFileError, load_deal

    try:
        return load_deal(Path(path))
    except DealFileError as error:
        raise UsageError(str(error)) from None


def run_compare(args: argparse.Namespace) -> int:
    from leasedesk.core.comparison import compare
    from leasedesk.core.report import comparison_table

    comparison = compare(_load(args.file))
    if args.json:
        # The engine gives every metric as a finite number or None; allow_nan=False would catch a slip.
        print(json.dumps(comparison.to_json_data(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(comparison_table(comparison, show_ids=args.ids))
    sys.stdout.flush()
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    _check_output_name(args.output)
    deal = _load(args.file)
    output = Path(args.output)
    from leasedesk.atomic import WriteError, check_writable_folder

    try:
        check_writable_folder(output)
    except WriteError as error:
        raise UsageError(str(error)) from None
    from leasedesk.excel import export_workbook

    try:
        export_workbook(deal, output)
    except WriteError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{output}: {error.strerror or error}") from None
    print(f"wrote {output}")
    sys.stdout.flush()
    return EXIT_OK


def run_gui(args: argparse.Namespace) -> int:
    if args.file:
        _load(args.file)  # a file that cannot open is one line here, before anything of the window loads
    try:
        from leasedesk.ui.app import run_application
    except ImportError as error:
        raise UsageError(f"the window cannot start: {error}") from None
    return run_application(file=args.file, smoke_test=args.smoke_test, endurance_keystrokes=args.endurance_test)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if arguments and arguments[0] == "compare":
            return run_compare(_compare_parser().parse_args(arguments[1:]))
        if arguments and arguments[0] == "export":
            return run_export(_export_parser().parse_args(arguments[1:]))
        if arguments and arguments[0] in NEGOTIATION_COMMANDS:
            from leasedesk.cli_negotiation import run_command

            return run_command(arguments[0], arguments[1:])
        if arguments and arguments[0] == "import":
            from leasedesk.cli_import import run_import

            return run_import(arguments[1:])
        if arguments and (nearest := _unknown_command(arguments[0])) is not None:
            raise UsageError(f"unknown command {arguments[0]!r}; did you mean {nearest!r}?")
        return run_gui(_gui_parser().parse_args(arguments))
    except UsageError as error:
        print(f"leasedesk: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # each command flushes its output before it returns, so it shows here
        return _reader_went_away()
    except KeyboardInterrupt:
        return 130


def _reader_went_away() -> int:
    """``leasedesk compare --json | head -1``: the reader closed the pipe; stop quietly.

    Standard output now points at the null device, so flushing it at exit raises nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
