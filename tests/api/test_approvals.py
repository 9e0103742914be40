"""The approvals endpoints (issue 9), production's paths and shapes: create, list (which
production always fails), detail with decisions, decide (and `/decision`), cancel,
execute; refusals mapped to 403/404/409/410 with the services' codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.services import api_token_create
from platform_app.models import ApprovalDecision, ApprovalRequest, AuditLog, Notification, Tenant
from platform_app.services import approval_request_create
from staff.roles import APPROVERS, SUPPORT, TENANT_MANAGERS
from staff.services import staff_link_platform_user
from tests.api.conftest import bearer, token_auth
from tests.factories import PlatformUserFactory, StaffUserFactory
from tests.support import cognito
from tests.support.approvals import actor, build_team

pytestmark = pytest.mark.django_db


def linked_key(group: str, platform_user) -> dict:
    staff = StaffUserFactory(groups=[group])
    staff_link_platform_user(user=staff, platform_user_id=platform_user.pk)  # type: ignore[arg-type]
    _, key = api_token_create(user=staff)  # type: ignore[arg-type]
    return token_auth(key)


def token_of(user) -> dict:
    return bearer(cognito.make_token(sub=user.pk, tenant_id=user.tenant_id))


@pytest.fixture
def customer_people():
    """A customer tenant with a requester and two approvers, and their tokens."""
    requester = PlatformUserFactory()
    approvers = [PlatformUserFactory(tenant=requester.tenant) for _ in range(2)]
    return requester, approvers


def create(client, requester, approvers, **fields):
    body = {
        "actionType": "campaign.launch",
        "resourceType": "campaign",
        "resourceId": "camp-1",
        "actionDetails": {"budget": 100},
        "approvers": [str(getattr(a, "pk", a)) for a in approvers],
        **fields,
    }
    return client.post("/api/approvals", body, format="json", **token_of(requester))


def test_a_platform_user_creates_lists_reads_and_its_approvers_decide(client, customer_people):
    requester, approvers = customer_people

    created = create(client, requester, approvers, requiredApprovals=2)

    assert created.status_code == 201, created.content
    body = created.json()
    assert body == {
        "success": True,
        "approvalId": body["approvalId"],
        "status": "pending",
        "message": "Approval request created successfully",
    }
    approval_id = body["approvalId"]
    assert approval_id.startswith("approval-")
    assert Notification.objects.filter(metadata__approvalId=approval_id).count() == 2

    listed = client.get("/api/approvals?status=pending", **token_of(requester)).json()
    assert [a["id"] for a in listed["approvals"]] == [approval_id]
    assert listed["pagination"]["hasMore"] is False
    mine = client.get("/api/approvals?mine=1", **token_of(approvers[0])).json()
    assert [a["id"] for a in mine["approvals"]] == [approval_id]
    assert client.get("/api/approvals?mine=1", **token_of(requester)).json()["approvals"] == []

    first = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "approve", "comment": "ok"},
        format="json",
        **token_of(approvers[0]),
    )
    assert first.status_code == 200, first.content
    assert first.json() == {
        "success": True,
        "approvalId": approval_id,
        "status": "pending",
        "canExecute": False,
        "message": "Decision recorded, waiting for more approvals",
    }
    twice = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "approve"},
        format="json",
        **token_of(approvers[0]),
    )
    assert (twice.status_code, twice.json()["error"]) == (409, "approval_already_decided")
    own = client.post(
        f"/api/approvals/{approval_id}/decision",
        {"decision": "approve"},
        format="json",
        **token_of(requester),
    )
    assert (own.status_code, own.json()["error"]) == (403, "requester_cannot_decide")
    second = client.post(
        f"/api/approvals/{approval_id}/decision",
        {"decision": "approve"},
        format="json",
        **token_of(approvers[1]),
    )
    assert second.status_code == 200
    assert second.json()["status"] == "approved" and second.json()["canExecute"] is True
    assert second.json()["message"] == "Action approved and can be executed"

    detail = client.get(f"/api/approvals/{approval_id}", **token_of(requester)).json()
    assert list(detail) == ["approval", "decisions"]
    assert list(detail["approval"]) == [
        "id",
        "tenantId",
        "requestedBy",
        "requesterEmail",
        "requesterName",
        "actionType",
        "resourceType",
        "resourceId",
        "actionDetails",
        "approvers",
        "requiredApprovals",
        "status",
        "expiresAt",
        "createdAt",
        "updatedAt",
    ]
    assert detail["approval"]["status"] == "approved"
    assert [d["approverId"] for d in detail["decisions"]] == [str(a.pk) for a in approvers]
    assert list(detail["decisions"][0]) == [
        "id",
        "approverId",
        "approverEmail",
        "approverName",
        "decision",
        "comment",
        "createdAt",
    ]
    assert AuditLog.objects.filter(action_type="approval.approve").count() == 2


def test_another_tenant_sees_nothing_and_changes_nothing(client, customer_people):
    requester, approvers = customer_people
    approval_id = create(client, requester, approvers).json()["approvalId"]
    stranger = PlatformUserFactory()

    assert client.get("/api/approvals", **token_of(stranger)).json()["approvals"] == []
    assert client.get(f"/api/approvals/{approval_id}", **token_of(stranger)).status_code == 404
    decide = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "reject"},
        format="json",
        **token_of(stranger),
    )
    assert decide.status_code == 404
    assert client.delete(f"/api/approvals/{approval_id}", **token_of(stranger)).status_code == 404
    execute = client.post(f"/api/approvals/{approval_id}/execute", **token_of(stranger))
    assert execute.status_code == 404
    assert not ApprovalDecision.objects.filter(approval_id=approval_id).exists()
    assert ApprovalRequest.objects.get(pk=approval_id).status == "pending"


def test_bad_input_is_a_400_naming_the_field(client, customer_people):
    requester, approvers = customer_people

    bad = create(client, requester, ["x"], requiredApprovals=3, expiresAt="amanhã")
    assert bad.status_code == 400
    assert set(bad.json()["details"]) == {"approvers.0", "requiredApprovals", "expiresAt"}
    refused = create(client, requester, [PlatformUserFactory()])
    assert (refused.status_code, refused.json()["error"]) == (400, "approver_wrong_tenant")
    approval_id = create(client, requester, approvers).json()["approvalId"]
    decision = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "maybe"},
        format="json",
        **token_of(approvers[0]),
    )
    assert decision.status_code == 400
    assert set(decision.json()["details"]) == {"decision"}
    assert client.get("/api/approvals?status=nope", **token_of(requester)).status_code == 400
    assert client.get("/api/approvals?cursor=zz", **token_of(requester)).status_code == 400
    assert not ApprovalDecision.objects.exists()


def test_an_expired_request_answers_410_and_stays_expired(client, customer_people):
    requester, approvers = customer_people
    approval_id = create(client, requester, approvers).json()["approvalId"]
    ApprovalRequest.objects.filter(pk=approval_id).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    late = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "approve"},
        format="json",
        **token_of(approvers[0]),
    )

    assert (late.status_code, late.json()["error"]) == (410, "approval_expired")
    assert ApprovalRequest.objects.get(pk=approval_id).status == "expired"
    assert AuditLog.objects.filter(action_type="approval.expired").count() == 1
    after = client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "approve"},
        format="json",
        **token_of(approvers[1]),
    )
    assert (after.status_code, after.json()["error"]) == (409, "approval_not_pending")


def test_only_the_requester_cancels_a_pending_request(client, customer_people):
    requester, approvers = customer_people
    approval_id = create(client, requester, approvers).json()["approvalId"]

    other = client.delete(f"/api/approvals/{approval_id}", **token_of(approvers[0]))
    assert (other.status_code, other.json()["error"]) == (403, "not_the_requester")
    done = client.delete(f"/api/approvals/{approval_id}", **token_of(requester))
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = client.delete(f"/api/approvals/{approval_id}", **token_of(requester))
    assert (again.status_code, again.json()["error"]) == (409, "approval_not_pending")
    assert AuditLog.objects.filter(action_type="approval.cancelled").count() == 1


def test_staff_decide_as_their_linked_user_and_the_gated_action_runs(
    client, staff_key, django_capture_on_commit_callbacks
):
    team = build_team()
    approval = approval_request_create(
        acting_user=actor(team.requester, staff="gestora"),
        action_type=ApprovalRequest.ActionType.TENANT_SUSPEND,
        resource_type="tenant",
        resource_id=str(team.customer.pk),
        action_details={"reason": "Calote"},
        approvers=[team.approvers[0].pk],
    )
    url = f"/api/approvals/{approval.pk}"

    support = token_auth(staff_key(SUPPORT))
    assert client.get(url, **support).status_code == 200
    read_only = client.post(f"{url}/decide", {"decision": "approve"}, format="json", **support)
    assert read_only.status_code == 403
    unlinked = client.post(
        f"{url}/decide",
        {"decision": "approve"},
        format="json",
        **token_auth(staff_key(APPROVERS)),
    )
    assert (unlinked.status_code, unlinked.json()["error"]) == (403, "actor_not_linked")
    mine = client.get("/api/approvals?mine=true", **token_auth(staff_key(APPROVERS)))
    assert mine.status_code == 403
    outsider = client.post(
        f"{url}/decide",
        {"decision": "approve"},
        format="json",
        **linked_key(APPROVERS, team.approvers[1]),
    )
    assert (outsider.status_code, outsider.json()["error"]) == (403, "not_an_approver")

    approver = linked_key(APPROVERS, team.approvers[0])
    assert [
        a["id"] for a in client.get("/api/approvals?mine=1", **approver).json()["approvals"]
    ] == [approval.pk]
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(f"{url}/decide", {"decision": "approve"}, format="json", **approver)

    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    team.customer.refresh_from_db()
    assert team.customer.subscription_status == Tenant.Status.SUSPENDED
    execution = client.get(url, **approver).json()["approval"]["actionDetails"]["execution"]
    assert execution["status"] == "succeeded"
    rerun = client.post(f"{url}/execute", **linked_key(TENANT_MANAGERS, team.requester))
    assert (rerun.status_code, rerun.json()["error"]) == (409, "approval_already_executed")


def test_the_list_pages_with_a_cursor(client, customer_people):
    requester, approvers = customer_people
    ids = {
        create(client, requester, approvers, resourceId=f"c{i}").json()["approvalId"]
        for i in range(3)
    }

    first = client.get("/api/approvals?limit=2", **token_of(requester)).json()
    assert first["pagination"]["hasMore"] is True
    cursor = first["pagination"]["nextCursor"]
    second = client.get(f"/api/approvals?limit=2&cursor={cursor}", **token_of(requester)).json()

    assert second["pagination"] == {"limit": 2, "hasMore": False, "nextCursor": None}
    assert {a["id"] for a in first["approvals"] + second["approvals"]} == ids
