"""HTTP load on gunicorn (bench/http_load): requests per second and latencies of advisers browsing, logged in.

Here the server runs on its own SQLite file holding a small generated sample (bench/http_load/sample.py), so
the run checks the whole chain (gunicorn, real logins with CSRF, every page, the figures); the national
figure is `bench/http_load/run.py` against the generated data set on PostgreSQL (docs/scaling.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.http_load.run import ROOT, measure_http_load
from bench.scale import bench_scale

USERS = max(4, round(50 * bench_scale()))
SECONDS = max(5, round(60 * bench_scale()))


def test_http_load(tmp_path):
    database_env = {
        "TANDEM_DATABASE": "sqlite",
        "TANDEM_SQLITE_PATH": str(tmp_path / "load.sqlite3"),
        # No collectstatic for a smoke run: the pages name their static files without the hashed manifest.
        "TANDEM_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env = {**os.environ, **database_env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    sample = [sys.executable, "-m", "bench.http_load.sample", "2", "2", "6", "--migrate"]
    subprocess.run(sample, cwd=ROOT, env=env, check=True)

    result = measure_http_load(users=USERS, seconds=SECONDS, database_env=database_env, workers=2)

    print(json.dumps(result, ensure_ascii=False))
    assert result["accounts"] == 4  # generated advisers of both organisations, not the demo's
    assert result["login"] == {**result["login"], "requests": USERS, "failures": 0}
    assert result["requests"] > 0
    assert result["failures"] == 0, result["errors"]
    assert all(page["requests"] > 0 for page in result["pages"].values()), result["pages"]
