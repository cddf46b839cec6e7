"""`make serve` before it starts anything: its settings and its refusals."""

import subprocess
import sys

from portal import serve

from .browser.conftest import ROOT


def test_make_serve_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = subprocess.run(
        [sys.executable, "-m", "portal.serve"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "", "ALLOWED_HOSTS": " "},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "thiếu biến môi trường" in result.stderr
    assert "gunicorn" not in result.stdout + result.stderr  # nothing was started


def test_the_env_file_fills_in_what_the_environment_does_not_set(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n\nSECRET_KEY='from-the-file'\nexport ALLOWED_HOSTS=sangkien.vn\n"
        'DEFAULT_FROM_EMAIL="Một triệu sáng kiến <no-reply@sangkien.vn>"\nPORT=9000\nnonsense\n',
        encoding="utf-8",
    )
    environ = {"PORT": "8000"}
    serve.read_env_file(env_file, environ)
    assert environ == {
        "PORT": "8000",  # the environment wins
        "SECRET_KEY": "from-the-file",
        "ALLOWED_HOSTS": "sangkien.vn",
        "DEFAULT_FROM_EMAIL": "Một triệu sáng kiến <no-reply@sangkien.vn>",
    }
    assert serve.missing_settings(environ) == []


def test_gunicorn_gets_the_cores_plus_one_workers_unless_told(monkeypatch):
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    assert serve.web_workers({}) == 3
    assert serve.web_workers({"WEB_CONCURRENCY": "3"}) == 3
    command = serve.gunicorn_command({"PORT": "8123"})
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--threads") + 1] == "1"
