"""The yardstick of bench/api.py: a bare WSGI app answering the same four requests with
the same SQL through psycopg and the same JSON, and nothing else (no framework, no
middleware, no transaction per request, no serializers).

    gunicorn bench.minimal_wsgi:application     # DATABASE_URL names the database
"""

import hashlib
import json
import os
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs

import psycopg

_conn: psycopg.Connection | None = None


def conn() -> psycopg.Connection:
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _conn


def money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def health(query):
    conn().execute("SELECT 1").fetchone()
    return 200, {
        "ok": True,
        "service": "Fibonacci Orquestrador",
        "environment": "prod",
        "db_status": "connected",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


PLANS_SQL = """
SELECT id, name, display_name, description, price_monthly, price_yearly, max_subnucleos,
       max_agents, max_users, includes_fibonacci, features, sort_order
FROM public.subscription_plans WHERE is_active ORDER BY sort_order, price_monthly
"""


def plans(query):
    rows = conn().execute(PLANS_SQL).fetchall()
    return 200, {
        "plans": [
            {
                "id": str(r[0]),
                "name": r[1],
                "displayName": r[2],
                "description": r[3],
                "priceMonthly": money(r[4]),
                "priceYearly": money(r[5]),
                "maxSubnucleos": r[6],
                "maxAgents": r[7],
                "maxUsers": r[8],
                "includesFibonacci": r[9],
                "features": r[10],
                "sortOrder": r[11],
            }
            for r in rows
        ]
    }


AGENTS_SQL = """
SELECT id, name, display_name, description, category, version, status, config, pricing
FROM alquimista_platform.agents WHERE status = 'active' ORDER BY display_name, id
"""


def agents(query):
    rows = conn().execute(AGENTS_SQL).fetchall()
    out = []
    for r in rows:
        tags = (r[7] or {}).get("tags") if isinstance(r[7], dict) else None
        price = (r[8] or {}).get("priceMonthly") if isinstance(r[8], dict) else None
        out.append(
            {
                "id": str(r[0]),
                "name": r[1],
                "displayName": r[2],
                "description": r[3],
                "category": r[4],
                "segment": r[4],
                "tags": [str(t) for t in tags] if isinstance(tags, list) else [],
                "version": r[5],
                "isActive": r[6] == "active",
                "priceMonthly": money(price),
            }
        )
    return 200, {"agents": out, "total": len(out)}


TOKEN_SQL = """
SELECT t.revoked_at, t.expires_at, u.is_active, u.is_staff
FROM backoffice.api_apitoken t JOIN backoffice.auth_user u ON u.id = t.user_id
WHERE t.key_hash = %s
"""
AUDIT_SQL = """
SELECT a.id, a.trace_id, a.tenant_id, a.user_id, a.agent_id, a.action_type, a.result,
       a.context, a.error_message, a.created_at, u.email, u.full_name, g.name, g.display_name
FROM alquimista_platform.audit_logs a
LEFT JOIN alquimista_platform.users u ON u.id = a.user_id
LEFT JOIN alquimista_platform.agents g ON g.id = a.agent_id
WHERE a.trace_id = %s
ORDER BY a.created_at DESC NULLS FIRST, a.id DESC LIMIT 101
"""


def audit_logs(query, authorization: str):
    key = authorization.removeprefix("Token ")
    token = conn().execute(TOKEN_SQL, [hashlib.sha256(key.encode()).hexdigest()]).fetchone()
    if token is None or token[0] is not None or not (token[2] and token[3]):
        return 401, {"error": "invalid_api_key"}
    rows = conn().execute(AUDIT_SQL, [query["traceId"][0]]).fetchall()
    more = len(rows) > 100
    rows = rows[:100]
    logs = [
        {
            "id": str(r[0]),
            "traceId": str(r[1]),
            "tenantId": r[2] and str(r[2]),
            "userId": r[3] and str(r[3]),
            "agentId": r[4] and str(r[4]),
            "actionType": r[5],
            "result": r[6],
            "context": r[7],
            "errorMessage": r[8],
            "createdAt": iso(r[9]),
            "userEmail": r[10],
            "userName": r[11],
            "agentName": r[12],
            "agentDisplayName": r[13],
        }
        for r in rows
    ]
    return 200, {
        "logs": logs,
        "pagination": {"limit": 100, "hasMore": more, "nextCursor": None},
    }


ROUTES = {"/health": health, "/api/plans": plans, "/api/agents": agents}


def application(environ, start_response):
    path = environ["PATH_INFO"]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if path == "/api/audit-logs":
        status, body = audit_logs(query, environ.get("HTTP_AUTHORIZATION", ""))
    elif path in ROUTES:
        status, body = ROUTES[path](query)
    else:
        status, body = 404, {"error": "not_found"}
    payload = json.dumps(body, separators=(",", ":")).encode()
    start_response(
        f"{status} {'OK' if status == 200 else 'Error'}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]
