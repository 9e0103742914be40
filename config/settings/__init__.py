"""Settings entry point: DJANGO_ENV (dev, test or prod) picks the module."""

import os

_env = os.environ.get("DJANGO_ENV", "dev")

if _env == "prod":
    from .prod import *  # noqa: F403
elif _env == "test":
    from .test import *  # noqa: F403
elif _env == "dev":
    from .dev import *  # noqa: F403
else:
    raise RuntimeError(f"DJANGO_ENV must be dev, test or prod, not {_env!r}")
