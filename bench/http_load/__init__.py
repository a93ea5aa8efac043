"""HTTP load on gunicorn: locust on 127.0.0.1, logged in as advisers of several organisations (run.py)."""
