"""The exported package against the Open XML schemas, as the Open XML SDK checks them (openxml-audit).

Excel repairs a file whose parts break the schema (a scatter chart without scatterStyle) and may drop
the drawing with every chart on it; LibreOffice and Gnumeric read such files without a word.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from excel_support import scenario_deals
from openxml_audit import FileFormat, OpenXmlValidator
from openxml_audit.errors import ValidationSeverity

from leasedesk.excel import export_workbook
from leasedesk.excel.styles_part import ordered_fonts


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=200)


@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_the_exported_workbook_has_no_schema_error(validator: OpenXmlValidator, scenario: str, tmp_path: Path) -> None:
    path = tmp_path / f"{scenario}.xlsx"
    export_workbook(scenario_deals()[scenario], path)
    result = validator.validate(path)
    errors = [
        f"{error.part_uri} {error.path}: {error.description}"
        for error in result.errors
        if error.severity is ValidationSeverity.ERROR
    ]
    assert errors == []


def test_the_checker_finds_what_the_schema_requires(validator: OpenXmlValidator, tmp_path: Path) -> None:
    """The check can fail: a scatter chart without its required scatterStyle is reported."""
    path = tmp_path / "sample.xlsx"
    export_workbook(scenario_deals()["sample"], path)
    broken = tmp_path / "broken.xlsx"
    _rewrite_part(path, broken, "xl/charts/chart3.xml", _without_scatter_style)
    descriptions = [error.description for error in validator.validate(broken).errors]
    assert any("scatterStyle" in text for text in descriptions), descriptions


def _without_scatter_style(xml: str) -> str:
    start = xml.index("<scatterStyle")
    end = xml.index(">", start) + 1
    return xml[:start] + xml[end:]


def _rewrite_part(source: Path, target: Path, part: str, change: Callable[[str], str]) -> None:
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as outside:
        for info in inside.infolist():
            data = inside.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            outside.writestr(info, data)


def test_font_children_are_put_in_schema_order_and_odd_fonts_refused() -> None:
    styles = b'<fonts count="1"><font><name val="Calibri"/><family val="2"/><b val="1"/><sz val="9"/></font></fonts>'
    assert ordered_fonts(styles) == (
        b'<fonts count="1"><font><b val="1"/><sz val="9"/><name val="Calibri"/><family val="2"/></font></fonts>'
    )
    with pytest.raises(ValueError, match="more than empty elements"):
        ordered_fonts(b"<font><name val='x'>text</name></font>")
    with pytest.raises(ValueError, match="does not know"):
        ordered_fonts(b"<font><glow/></font>")
