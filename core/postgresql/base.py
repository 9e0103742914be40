"""PostgreSQL backend for a database whose timestamps are `timestamp without time zone` in UTC.

Django assumes `timestamptz` columns and converts them to local time with a bare
`col AT TIME ZONE 'America/Sao_Paulo'`; on a `timestamp` column that expression reads
the value as São Paulo time instead, shifting every date truncation and extraction.
Casting to `timestamptz` first (the session time zone is UTC) is right for both kinds.
"""

from django.conf import settings
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def _convert_sql_to_tz(self, sql, params, tzname):
        if tzname and settings.USE_TZ:
            tzname_param = self._prepare_tzname_delta(tzname)
            return f"({sql})::timestamptz AT TIME ZONE %s", (*params, tzname_param)
        return sql, params


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
