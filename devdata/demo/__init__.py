"""Demo data (`load_demo_data`): a handful of tenants with every status the platform knows.

- `specs`: what the demo holds, declared with keyword arguments
- `ids`: the fixed ids (uuid5 of a stable name) that make the loader idempotent
- `writer`: the upserting writer and the state later tables refer to
- one module per area: `tenants`, `billing`, `leads`, `activity` (with `telemetry`),
  `lgpd`, `traffic`, `metrics`, `approvals`, `audit`, `services`
- `loader`: the order it all runs in; `staff`: the demo staff accounts
"""

from devdata.demo.loader import load_demo_data
from devdata.demo.writer import platform_tables, table_counts, table_name

__all__ = ["load_demo_data", "platform_tables", "table_counts", "table_name"]
