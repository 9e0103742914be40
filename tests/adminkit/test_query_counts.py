"""The exact number of queries each changelist makes, on the demo data, as a superuser.

A changelist's cost must not creep up unnoticed: a new column that queries per row, a
filter that reads a table, a count that is not bounded. When a change adds a query on
purpose, update the number here and say why in the commit.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import platform_models

pytestmark = pytest.mark.django_db

# Session and user (2) are included. A big table's list (keyset pages) that fits on one
# page counts nothing; a longer one runs an EXPLAIN before its bounded count (the guard
# against a count that would scan) and, on this small data, the count itself.
CHANGELIST_QUERIES = {
    "billing.commercialrequest": 7,
    "billing.legacysubscription": 6,
    "billing.paymentevent": 8,
    "billing.subnucleo": 6,  # its category filter lists the choices: no query
    "billing.subnucleoagent": 7,
    "billing.subscriptionplan": 6,
    "billing.tenantagent": 7,
    "billing.tenantsubnucleo": 7,
    "billing.tenantsubscription": 8,
    "billing.tenantsubscriptionsummary": 7,
    "billing.trial": 7,
    "dbschema.migrationrecord": 6,
    "fibonacci.event": 11,
    "fibonacci.metric": 8,
    "fibonacci.trace": 11,
    "nigredo.agendamento": 9,
    "nigredo.blocklistentry": 7,
    "nigredo.campanha": 9,
    "nigredo.formsubmission": 7,
    "nigredo.interacao": 8,
    "nigredo.lead": 10,
    "nigredo.metricadiaria": 8,
    "nigredo.ratelimit": 7,
    "nigredo.webhooklog": 6,
    "platform_app.agent": 6,
    "platform_app.agentactivation": 7,
    "platform_app.approvaldecision": 6,
    "platform_app.approvalrequest": 9,
    "platform_app.auditlog": 9,
    "platform_app.notification": 7,
    "platform_app.permission": 8,
    "platform_app.platformuser": 8,
    "platform_app.tenant": 7,
}


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_registered_changelist_is_pinned():
    assert set(CHANGELIST_QUERIES) == {model._meta.label_lower for model in platform_models()}


@pytest.mark.parametrize("model", platform_models(), ids=lambda model: model._meta.label_lower)
def test_changelist_query_count(model, admin_client, demo_data):
    assert model in admin.site._registry
    admin_client.get(changelist_url(model))  # warm caches (content types, sites)

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(changelist_url(model))

    assert response.status_code == 200
    assert len(captured) == CHANGELIST_QUERIES[model._meta.label_lower], "\n".join(
        query["sql"] for query in captured.captured_queries
    )
