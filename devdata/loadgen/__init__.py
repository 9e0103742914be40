"""Volume data for the platform tables, written with PostgreSQL COPY (`generate_load_data`).

- `plan`: what to write (LoadPlan) and what was written (TableResult)
- `distributions`: how often each status, role, tier, action or span appears
- `rows`: one named tuple per table, its fields the COPY's columns
- `context`, `refs`, `timeline`: the shared state of the row builders
- `builders/`: one row builder per table
- `copy`: COPY of named rows; `indexes`: deferring indexes and keys for a bulk load
- `loader`: the orchestration, `load_volume`
"""

from devdata.loadgen.loader import load_volume
from devdata.loadgen.plan import LoadPlan, LoadPlanError, TableResult

__all__ = ["LoadPlan", "LoadPlanError", "TableResult", "load_volume"]
