"""adminkit.guards and the request's statement timeout, one test per mechanism."""

import uuid
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adminkit.guards import MAX_SEARCH_WORDS, GuardedAdminMixin
from adminkit.options import PlatformAdmin
from core.fields import JSONBField
from fibonacci.models import Event
from nigredo.models import Agendamento, Lead
from platform_app.models import Agent, ApprovalRequest, Notification, PlatformUser, Tenant
from tests.factories import LeadFactory, PlatformUserFactory, TenantFactory

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def approval(tenant, user, **fields) -> ApprovalRequest:
    return ApprovalRequest.objects.create(
        id=fields.pop("id", f"apr-{uuid.uuid4()}"),
        tenant=tenant,
        requested_by=user,
        action_type="tenant.suspend",
        action_details={"reason": "teste"},
        resource_type="tenant",
        resource_id=str(tenant.pk),
        approvers=[str(user.pk)],  # type: ignore[misc]
        required_approvals=1,
        status="pending",
        expires_at=timezone.now() + timedelta(hours=24),
        **fields,
    )


# 1. No editable primary key -------------------------------------------------------------


def test_every_admin_has_the_guards():
    errors = [m for m in checks.run_checks(tags=[checks.Tags.admin]) if m.id == "adminkit.E001"]

    assert errors == []
    assert all(isinstance(a, GuardedAdminMixin) for a in admin.site._registry.values())


def test_no_change_form_of_any_admin_edits_its_primary_key(rf, admin_user, demo_data):
    request = rf.get("/admin/")
    request.user = admin_user
    editable = []
    for model, model_admin in admin.site._registry.items():
        row = model._default_manager.first()
        if row is None:
            continue
        form = model_admin.get_form(request, row, change=True)
        if model._meta.pk.name in form.base_fields:
            editable.append(model._meta.label)

    assert editable == []


def test_posting_another_rows_id_to_an_approval_request_changes_neither_row(rf, admin_user):
    tenant, other_tenant = TenantFactory(), TenantFactory()
    user = PlatformUserFactory(tenant=tenant)
    first = approval(tenant, user, id="apr-a")
    second = approval(other_tenant, PlatformUserFactory(tenant=other_tenant), id="apr-b")
    # A plain PlatformAdmin (the real one has no form at all): the guard alone decides.
    model_admin = PlatformAdmin(ApprovalRequest, admin.site)
    request = rf.post(
        "/",
        {
            "id": second.pk,
            "tenant": str(tenant.pk),
            "requested_by": str(user.pk),
            "action_type": "tenant.suspend",
            "resource_type": "tenant",
            "action_details": '{"reason": "editado"}',
            "approvers": str(user.pk),
            "required_approvals": "1",
            "status": "approved",
            "expires_at_0": "01/01/2030",
            "expires_at_1": "12:00:00",
        },
    )
    request.user = admin_user
    request._dont_enforce_csrf_checks = True
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    response = model_admin.changeform_view(request, first.pk)

    assert response.status_code == 302  # saved
    untouched = ApprovalRequest.objects.get(pk="apr-b")
    assert (untouched.tenant_id, untouched.status) == (other_tenant.pk, "pending")
    assert untouched.action_details == {"reason": "teste"}
    edited = ApprovalRequest.objects.get(pk="apr-a")
    assert (edited.tenant_id, edited.status) == (tenant.pk, "approved")
    assert edited.action_details == {"reason": "editado"}
    assert not ApprovalRequest.objects.filter(pk=first.pk, tenant=other_tenant).exists()


def test_the_approval_request_page_refuses_a_posted_id(admin_client):
    tenant = TenantFactory()
    user = PlatformUserFactory(tenant=tenant)
    first, second = approval(tenant, user, id="apr-1"), approval(tenant, user, id="apr-2")

    response = admin_client.post(admin_url(ApprovalRequest, "change", first.pk), {"id": second.pk})

    assert response.status_code == 405
    rows = ApprovalRequest.objects.filter(tenant=tenant).order_by("pk")
    assert [(row.pk, row.action_details) for row in rows] == [
        ("apr-1", {"reason": "teste"}),
        ("apr-2", {"reason": "teste"}),
    ]


# 2. Facets off, and every query of a request bounded by statement_timeout ----------------


def test_no_admin_offers_facets_and_facets_1_counts_nothing(admin_client, demo_data):
    assert {a.show_facets for a in admin.site._registry.values()} == {ShowFacets.NEVER}

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(admin_url(Event, "changelist"), {"_facets": "1"})

    assert response.status_code == 200
    assert not [q["sql"] for q in captured if "FILTER (WHERE" in q["sql"]]


@pytest.fixture
def slow_tenant_list(monkeypatch):
    """The tenants' list with a half-second sleep in its query."""
    TenantFactory()
    model_admin = admin.site._registry[Tenant]
    original = type(model_admin).get_queryset

    def get_queryset(self, request):
        return original(self, request).extra(where=["(SELECT true FROM pg_sleep(0.5))"])

    monkeypatch.setattr(type(model_admin), "get_queryset", get_queryset)


def test_a_query_past_the_statement_timeout_is_cancelled_with_a_friendly_503(
    admin_client, settings, slow_tenant_list
):
    settings.DB_STATEMENT_TIMEOUT_MS = 100
    admin_client.raise_request_exception = False

    response = admin_client.get(admin_url(Tenant, "changelist"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "A consulta demorou demais" in response.text
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "100ms"


def test_the_same_list_answers_under_the_default_timeout(admin_client, settings, slow_tenant_list):
    assert settings.DB_STATEMENT_TIMEOUT_MS == 15000

    assert admin_client.get(admin_url(Tenant, "changelist")).status_code == 200


# 3. Search terms capped -----------------------------------------------------------------


def test_a_2000_word_search_is_capped_with_a_message(admin_client):
    PlatformUserFactory(full_name="Ana Souza")
    words = " ".join(["a"] * 2000)

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(admin_url(PlatformUser, "changelist"), {"q": words})

    assert response.status_code == 200
    likes = max(q["sql"].count("LIKE") for q in captured)
    fields = len(admin.site._registry[PlatformUser].search_fields)
    assert 0 < likes <= MAX_SEARCH_WORDS * fields
    assert any("10 primeiras palavras" in m for m in messages_of(response))


def test_the_autocomplete_caps_and_refuses_nul_terms(admin_client):
    TenantFactory(company_name="Acme Ltda")
    base = {"app_label": "nigredo", "model_name": "lead", "field_name": "tenant"}
    autocomplete = reverse("admin:autocomplete")

    nul = admin_client.get(autocomplete, {**base, "term": "Acme\x00"})
    huge = admin_client.get(autocomplete, {**base, "term": " ".join(["Acme"] * 2000)})

    assert nul.status_code == 200 and nul.json()["results"] == []
    assert huge.status_code == 200


# 4. JSON fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "\\u0000"}',
        '{"a": 1e400}',
        '{"a": NaN}',
        '{"a": -Infinity}',
        '{"a": "\\ud800"}',
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 65 + "1" + "}" * 65,
        "[1, 2]",
        '"texto"',
    ],
    ids=["nul", "1e400", "nan", "infinity", "surrogate", "deep", "depth-65", "array", "string"],
)
def test_a_json_object_field_refuses_what_postgresql_or_the_platform_cannot_take(text):
    field = Tenant._meta.get_field("settings").formfield()

    with pytest.raises(ValidationError):
        field.clean(text)
    assert field.bound_data(text, None) is not None  # redisplayed as typed


def test_json_fields_require_the_shape_the_platform_reads():
    from billing.models import CommercialRequest

    settings_field = Tenant._meta.get_field("settings").formfield()
    agents_field = CommercialRequest._meta.get_field("selected_agents").formfield()

    assert settings_field.clean('{"tema": "escuro", "n": [1, {"b": 2}]}') == {
        "tema": "escuro",
        "n": [1, {"b": 2}],
    }
    assert agents_field.clean('["a", "b"]') == ["a", "b"]
    with pytest.raises(ValidationError, match="objeto JSON"):
        settings_field.clean("[]")
    with pytest.raises(ValidationError, match="lista JSON"):
        agents_field.clean("{}")
    shapes = {
        f"{m._meta.label}.{f.name}": f.json_shape.__name__
        for m in admin.site._registry
        for f in m._meta.concrete_fields
        if isinstance(f, JSONBField)
    }
    assert shapes["platform_app.ApprovalRequest.action_details"] == "dict"
    assert shapes["billing.SubscriptionPlan.features"] == "list"


def test_a_hostile_json_post_is_a_field_error_and_changes_nothing(admin_client):
    agent = Agent.objects.create(
        id=uuid.uuid4(), name="a-json", display_name="Agente JSON", category="vendas"
    )
    page = admin_client.get(admin_url(Agent, "change", agent.pk))
    data = {
        **{k: v for k, v in page.context["adminform"].form.initial.items() if v is not None},
        "config": '{"a": 1e400}',
        "agentsubnucleo_set-TOTAL_FORMS": "0",
        "agentsubnucleo_set-INITIAL_FORMS": "0",
    }

    response = admin_client.post(admin_url(Agent, "change", agent.pk), data)

    assert response.status_code == 200
    assert "config" in response.context["adminform"].form.errors
    agent.refresh_from_db()
    assert agent.config in ({}, None)


# 5. Dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"created_at__gte": "9999-12-31 23:00:00"},
        {"created_at__year": "9999"},
        {"created_at__year": "1" * 30},
        {"created_at__gte": "1" * 30 + "-01-01"},
        {"status": "\x00"},
        {"status__exact": "\x00"},
        {"tenant": "not-a-uuid"},
    ],
    ids=["late-gte", "year-9999", "year-30-digits", "gte-30-digits", "nul", "nul-exact", "fk"],
)
def test_a_bad_filter_is_dropped_with_a_message(admin_client, query):
    response = admin_client.get(admin_url(Lead, "changelist"), query)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert any("Filtro inválido ignorado" in m for m in messages_of(response))
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_late_9999_datetime_is_a_form_error(admin_client):
    tenant = TenantFactory()
    lead = LeadFactory(tenant=tenant)

    response = admin_client.post(
        admin_url(Agendamento, "add"),
        {
            "lead": str(lead.pk),
            "tenant": str(tenant.pk),
            "data_hora_0": "31/12/9999",
            "data_hora_1": "23:59:59",
            "duracao_minutos": "30",
            "status": "agendado",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Data fora do intervalo" in str(errors["data_hora"])
    assert not Agendamento.objects.filter(lead=lead).exists()


# 6. NUL and bad values outside the search box -------------------------------------------


def test_a_nul_object_id_is_not_found(admin_client):
    for model in (ApprovalRequest, Lead, Notification):
        response = admin_client.get(admin_url(model, "change", "%00"))
        assert response.status_code in (302, 404)


@pytest.mark.parametrize("value", ["not-a-uuid", "\x00", "9" * 20])
def test_an_autocomplete_foreign_key_that_is_no_id_is_a_form_error(admin_client, value):
    response = admin_client.post(
        admin_url(Notification, "add"),
        {"user": value, "type": "info", "title": "t", "message": "m"},
    )

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not Notification.objects.filter(title="t").exists()
