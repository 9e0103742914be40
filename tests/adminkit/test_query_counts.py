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

# Session, user and the second factor's device (3) are included. A big table's list (keyset
# pages) that fits on one page counts nothing; a longer one runs an EXPLAIN before its
# bounded count (the guard against a count that would scan) and, on this small data, the
# count itself.
CHANGELIST_QUERIES = {
    "billing.commercialrequest": 8,
    "billing.legacysubscription": 7,
    "billing.paymentevent": 9,
    "billing.subnucleo": 7,  # its category filter lists the choices: no query
    "billing.subnucleoagent": 8,
    "billing.subscriptionplan": 7,
    "billing.tenantagent": 8,
    "billing.tenantsubnucleo": 8,
    "billing.tenantsubscription": 9,
    "billing.tenantsubscriptionsummary": 8,
    "billing.trial": 8,
    "dbschema.migrationrecord": 7,
    "fibonacci.event": 12,
    "fibonacci.metric": 9,
    "fibonacci.trace": 12,
    "nigredo.agendamento": 10,
    "nigredo.blocklistentry": 8,
    "nigredo.campanha": 10,
    "nigredo.formsubmission": 8,
    "nigredo.interacao": 9,
    "nigredo.lead": 11,
    "nigredo.metricadiaria": 9,
    "nigredo.ratelimit": 8,
    "nigredo.webhooklog": 7,
    "platform_app.agent": 7,
    "platform_app.agentactivation": 8,
    "platform_app.approvaldecision": 7,
    "platform_app.approvalrequest": 10,
    "platform_app.auditlog": 10,
    "platform_app.notification": 8,
    "platform_app.permission": 9,
    "platform_app.platformuser": 9,
    "platform_app.tenant": 8,
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
