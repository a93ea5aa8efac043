"""What gunicorn serves. Outside DEBUG, it refuses to start with an insecure configuration."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from config.checks import refuse_insecure_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
refuse_insecure_settings()
