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

# Session, user and the second factor's device (3), and the session's save (its UPDATE
# between a savepoint pair: the idle timeout renews it on every request) are included. A
# big table's list (keyset pages) that fits on one page counts nothing; a longer one runs
# an EXPLAIN before its bounded count (the guard against a count that would scan) and, on
# this small data, the count itself.
CHANGELIST_QUERIES = {
    "billing.commercialrequest": 11,
    "billing.legacysubscription": 10,
    "billing.paymentevent": 12,
    "billing.subnucleo": 10,  # its category filter lists the choices: no query
    "billing.subnucleoagent": 11,
    "billing.subscriptionplan": 10,
    "billing.tenantagent": 11,
    "billing.tenantsubnucleo": 11,
    "billing.tenantsubscription": 12,
    "billing.tenantsubscriptionsummary": 11,
    "billing.trial": 11,
    "dbschema.migrationrecord": 10,
    "fibonacci.event": 15,
    "fibonacci.metric": 12,
    "fibonacci.trace": 15,
    "nigredo.agendamento": 13,
    "nigredo.blocklistentry": 11,
    "nigredo.campanha": 13,
    "nigredo.formsubmission": 11,
    "nigredo.interacao": 12,
    "nigredo.lead": 14,
    "nigredo.metricadiaria": 12,
    "nigredo.ratelimit": 11,
    "nigredo.webhooklog": 10,
    "platform_app.agent": 10,
    "platform_app.agentactivation": 11,
    "platform_app.approvaldecision": 10,
    "platform_app.approvalrequest": 13,
    "platform_app.auditlog": 13,
    "platform_app.notification": 11,
    "platform_app.permission": 12,
    "platform_app.platformuser": 12,
    "platform_app.tenant": 11,
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
