"""Error lines for people: a bad value of any length shows at most about 80 characters, the field stays whole."""

from __future__ import annotations

from leasedesk.messages import VALUE_LIMIT, one_line, shorten_values


def test_a_long_quoted_value_is_cut_and_the_rest_of_the_message_kept() -> None:
    message = "deal.leasedeal: baseline: names no offer of this deal: '" + "z" * 100_000 + "' (check it)"
    shown = shorten_values(message)
    assert shown == "deal.leasedeal: baseline: names no offer of this deal: '" + "z" * VALUE_LIMIT + "…' (check it)"


def test_a_long_offer_id_is_cut_and_the_field_name_kept() -> None:
    shown = shorten_values("offers[" + "b" * 100_000 + "].gpus: must be a whole number > 0 (got -1)")
    assert shown == "offers[" + "b" * VALUE_LIMIT + "…].gpus: must be a whole number > 0 (got -1)"


def test_a_long_file_name_is_cut_but_its_folder_kept() -> None:
    shown = one_line("/home/me/deals/" + "x" * 300 + ".xlsx: File name too long")
    assert shown == "/home/me/deals/" + "x" * VALUE_LIMIT + "… File name too long"


def test_short_values_and_apostrophes_are_left_alone() -> None:
    message = "offers[memphis].kind: must be \"lease\" or \"self_build\", not text 'it's'"
    assert shorten_values(message) == message


def test_one_line_joins_lines_and_is_stable() -> None:
    once = one_line("a term:\n\n  '" + "q" * 500 + "'")
    assert "\n" not in once and once == one_line(once)
