"""``leasedesk --smoke-test`` as packaging runs it: a separate process, offscreen, one line, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_smoke_test_exits_0_with_one_line_and_leaves_the_users_settings_alone(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # offscreen is the smoke test's own default
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env.pop("LEASEDESK_DATA_DIR", None)
    run = subprocess.run(
        [sys.executable, "-m", "leasedesk", "--smoke-test"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1, run.stdout
    assert lines[0].startswith("leasedesk smoke test ok: 'Memphis capacity, 2026', 3 offers compared")
    assert "4 charts painted" in lines[0]
    assert "workbook exported" in lines[0]
    for folder in ("config", "data"):
        written = list((tmp_path / folder).rglob("*")) if (tmp_path / folder).exists() else []
        assert written == [], f"the smoke test wrote into the user's {folder} folder: {written}"


def _run_patched_smoke(tmp_path: Path, patch: str) -> subprocess.CompletedProcess[str]:
    code = "\n".join([
        "import sys",
        "from pathlib import Path",
        "import leasedesk.ui.smoke as smoke",
        patch,
        "sys.exit(smoke.run_smoke_test())",
    ])
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
                          check=False)


def test_the_smoke_test_fails_with_a_non_zero_status_on_an_error(tmp_path: Path) -> None:
    run = _run_patched_smoke(tmp_path, "smoke.sample_deal_path = lambda: Path('/no/such/sample.leasedeal')")
    assert run.returncode == 1
    assert run.stdout == ""
    assert "smoke test FAILED" in run.stderr and "no such file" in run.stderr


def test_the_smoke_test_gives_up_when_its_time_is_over(tmp_path: Path) -> None:
    hang = (
        "import threading\n"
        "smoke.TIME_LIMIT_SECONDS = 3.0\n"
        "smoke.sample_deal_path = lambda: threading.Event().wait()  # never returns: a hang"
    )
    run = _run_patched_smoke(tmp_path, hang)
    assert run.returncode != 0
    assert run.stdout == ""
    assert "Timeout" in run.stderr
