"""``coach triage``: a request on standard input, the verdict on standard output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

COACH = Path(sys.executable).with_name("coach")


def triage(tmp_path: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    return subprocess.run(
        [str(COACH), "triage", "--db", f"sqlite:///{tmp_path}/c.db", *args],
        input=data, capture_output=True, env=env, timeout=120, check=False)


def test_json_output_has_the_documented_fields(tmp_path: Path) -> None:
    result = triage(tmp_path, b"We help agencies get 50 leads a week, guaranteed. Free trial: "
                    b"bit.ly/x", "--json", "--from", "Kai Klein")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["verdict"] == "decline"
    assert answer["language"] == "en"
    assert answer["known_sender"] is False
    assert set(answer["drafts"]) == {"accept", "ask_context", "decline"}
    assert len(answer["short"]) <= 300
    assert "Kai" in answer["draft"]
    assert all(isinstance(reason, str) for reason in answer["reasons"])


def test_a_contact_of_the_local_profile_is_a_known_sender(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    subprocess.run([str(COACH), "chat", "--user", "daniel", "--db",
                    f"sqlite:///{tmp_path}/c.db"], input=b"/add Claudia Hoffmann\n",
                   capture_output=True, env=env, timeout=120, check=True)
    result = triage(tmp_path, "Hallo Daniel, schön dich hier zu sehen!".encode(),
                    "--json", "--user", "daniel", "--from", "Claudia Hoffmann")
    answer = json.loads(result.stdout)
    assert answer["known_sender"] is True
    assert answer["verdict"] == "accept"


def test_empty_binary_and_oversized_input_fail_with_a_message(tmp_path: Path) -> None:
    for data in (b"   \n", bytes(range(256)) * 4, b"word " * 5_000):
        result = triage(tmp_path, data)
        assert result.returncode != 0
        assert b"Traceback" not in result.stderr
        assert result.stderr.strip()
