"""Typed entries: LibreOffice and Gnumeric read each input's rule as "refuse with a message" (stop).

The rules live in the package as <dataValidation>; whether an engine shows the error on entry depends on
how it reads them, so each engine converts the sample workbook to its own format and the rules it kept
are read back: LibreOffice's content.xml (table:content-validation) and Gnumeric's XML (gnm:Validation).
"""

from __future__ import annotations

import gzip
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from excel_support import make_profile, sample_deal, soffice, ssconvert

from leasedesk.excel import export_workbook

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
GNM = "http://www.gnumeric.org/v10.dtd"
# (what the rule allows, how many cells carry it) in the sample: 2 leases with 3 switches and a fee basis
EXPECTED = Counter({"effective,nominal": 1, "advance,arrears": 1, "committed,delivered": 2, "ISLOGICAL": 6})


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("entry") / "sample.xlsx"
    export_workbook(sample_deal(), path)
    return path


def _allowed(condition: str) -> str:
    """effective,nominal for a list; ISLOGICAL for the TRUE/FALSE rule."""
    if "islogical" in condition.lower():
        return "ISLOGICAL"
    return ",".join(re.findall(r'"([^"]*)"', condition.replace("&quot;", '"')) or condition.strip('"').split(","))


@pytest.mark.libreoffice
def test_libreoffice_refuses_a_mistyped_entry_with_a_message(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [
        soffice(), "--headless", "--norestore", f"-env:UserInstallation={make_profile(tmp_path / 'p').as_uri()}",
        "--convert-to", "ods", "--outdir", str(out), str(sample_path),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=600, check=False)
    with zipfile.ZipFile(out / "sample.ods") as package:
        content = fromstring(package.read("content.xml"))
    allowed = {}
    for rule in content.iter(f"{{{TABLE}}}content-validation"):
        error = rule.find(f"{{{TABLE}}}error-message")
        assert error is not None, rule.attrib
        assert error.get(f"{{{TABLE}}}display") == "true" and error.get(f"{{{TABLE}}}message-type") == "stop"
        assert rule.get(f"{{{TABLE}}}allow-empty-cell") == "false"
        allowed[rule.get(f"{{{TABLE}}}name")] = _allowed(rule.get(f"{{{TABLE}}}condition", ""))
    rules: Counter[str] = Counter()  # LibreOffice keeps one rule for identical ones: count the cells
    for cell in content.iter(f"{{{TABLE}}}table-cell"):
        name = cell.get(f"{{{TABLE}}}content-validation-name")
        if name is not None:
            rules[allowed[name]] += int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
    assert rules == EXPECTED


@pytest.mark.gnumeric
def test_gnumeric_refuses_a_mistyped_entry_with_a_message(sample_path: Path, tmp_path: Path) -> None:
    native = tmp_path / "sample.gnumeric"
    done = subprocess.run([ssconvert(), str(sample_path), str(native)], capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    document = fromstring(gzip.decompress(native.read_bytes()))
    rules: Counter[str] = Counter()
    for rule in document.iter(f"{{{GNM}}}Validation"):
        assert rule.get("Style") == "GNM_VALIDATION_STYLE_STOP" and rule.get("AllowBlank") == "0", rule.attrib
        assert "#N/A" in rule.get("Message", "")
        expression = rule.find(f"{{{GNM}}}Expression0")
        assert expression is not None and expression.text
        rules[_allowed(expression.text)] += 1
    assert rules == EXPECTED
