"""Concurrent decisions and executions, with real connections in threads, many times.

These tests commit (transactional_db): each thread has its own connection, and what they
race on must be visible to both. What they commit is deleted afterwards.
"""

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from core.exceptions import ApplicationError
from platform_app.models import ApprovalDecision, ApprovalRequest, AuditLog, Notification
from platform_app.services import (
    approval_request_create,
    approval_request_decide,
    approval_request_execute,
)
from platform_app.services.approval_actions import (
    GatedAction,
    gated_action_register,
    gated_action_unregister,
)
from tests.support.approvals import actor, build_team, delete_committed

pytestmark = pytest.mark.django_db(transaction=True)
REPETITIONS = 30


@pytest.fixture
def team():
    built = build_team()
    yield built
    delete_committed(built.tenants)


def at_once(*calls: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run each call in its own thread and connection, released together by a barrier;
    ("ok", result) or ("refused", ApplicationError) per call, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except ApplicationError as exc:
            results[index] = ("refused", exc)
        except Exception as exc:  # a 500 in the making: reported, not swallowed
            results[index] = ("crashed", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def new_request(team, *, required: int, action_type: str = "campanha.disparo_em_massa"):
    return approval_request_create(
        acting_user=actor(team.requester),
        action_type=action_type,
        resource_type="campanha",
        resource_id=None,
        action_details={"canal": "whatsapp"},
        approvers=[u.pk for u in team.approvers],
        required_approvals=required,
    )


def decide(user, approval, decision="approve"):
    return lambda: approval_request_decide(
        acting_user=actor(user), approval_id=approval.pk, decision=decision
    )


def test_the_last_two_approvals_at_the_same_instant_approve_exactly_once(team):
    first, second = team.approvers[:2]
    for _ in range(REPETITIONS):
        approval = new_request(team, required=2)

        results = at_once(decide(first, approval), decide(second, approval))

        assert [kind for kind, _ in results] == ["ok", "ok"]
        assert sorted(outcome.approval.status for _, outcome in results) == [
            "approved",
            "pending",
        ]
        assert ApprovalRequest.objects.get(pk=approval.pk).status == "approved"
        assert ApprovalDecision.objects.filter(approval=approval).count() == 2
        assert (
            Notification.objects.filter(
                type="approval_approved", metadata__approvalId=approval.pk
            ).count()
            == 1
        )


def test_one_approver_deciding_twice_at_once_decides_once(team):
    approver = team.approvers[0]
    for _ in range(REPETITIONS):
        approval = new_request(team, required=2)

        results = at_once(decide(approver, approval), decide(approver, approval))

        kinds = sorted(kind for kind, _ in results)
        assert kinds == ["ok", "refused"], results
        refusal = next(value for kind, value in results if kind == "refused")
        assert (refusal.status, refusal.code) == (409, "approval_already_decided")
        assert ApprovalDecision.objects.filter(approval=approval).count() == 1
        assert (
            AuditLog.objects.filter(
                context__approvalId=approval.pk,
                action_type__in=["approval.approve", "approval.reject"],
            ).count()
            == 1
        )


class CountingExecutor:
    """An executor that fails while `failing` is set and counts the runs that succeed,
    slowly enough for a second executor to arrive while it runs."""

    def __init__(self) -> None:
        self.failing = True
        self.runs: list[str | None] = []
        self.lock = threading.Lock()

    def __call__(self, *, acting_user, resource_id, details):
        if self.failing:
            raise ApplicationError("not_yet", "Ainda não.")
        time.sleep(0.05)
        with self.lock:
            self.runs.append(resource_id)
        return {"run": len(self.runs)}


@pytest.fixture
def counting_action():
    executor = CountingExecutor()
    gated_action_register(
        GatedAction(
            action_type="test.counted",
            label="Ação contada (teste)",
            resource_type="campanha",
            required_approvals=1,
            prepare=lambda *, resource_id, details: dict(details),
            execute=executor,
        )
    )
    yield executor
    gated_action_unregister("test.counted")


def test_two_executions_at_once_run_the_action_once(team, counting_action):
    for _ in range(REPETITIONS // 2):
        counting_action.failing = True
        approval = new_request(team, required=1, action_type="test.counted")
        # The approval's own execution fails: the request stays approved, retryable.
        approval_request_decide(
            acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
        )
        assert (
            ApprovalRequest.objects.get(pk=approval.pk).action_details["execution"]["status"]
            == "failed"
        )
        counting_action.failing = False
        runs_before = len(counting_action.runs)

        results = at_once(
            lambda a=approval: approval_request_execute(
                acting_user=actor(team.requester), approval_id=a.pk
            ),
            lambda a=approval: approval_request_execute(
                acting_user=actor(team.approvers[0]), approval_id=a.pk
            ),
        )

        assert sorted(kind for kind, _ in results) == ["ok", "refused"], results
        refusal = next(value for kind, value in results if kind == "refused")
        assert refusal.code == "approval_already_executed"
        assert len(counting_action.runs) == runs_before + 1
        execution = ApprovalRequest.objects.get(pk=approval.pk).action_details["execution"]
        assert (execution["status"], execution["attempts"]) == ("succeeded", 2)


def test_the_approving_decision_and_a_manual_execution_at_once_run_the_action_once(
    team, counting_action
):
    counting_action.failing = False
    for _ in range(REPETITIONS // 2):
        approval = new_request(team, required=1, action_type="test.counted")
        runs_before = len(counting_action.runs)

        results = at_once(
            decide(team.approvers[0], approval),
            lambda a=approval: approval_request_execute(
                acting_user=actor(team.requester), approval_id=a.pk
            ),
        )

        assert results[0][0] == "ok"
        assert results[1][0] in ("ok", "refused"), results
        if results[1][0] == "refused":
            assert results[1][1].code in ("approval_not_approved", "approval_already_executed")
        assert len(counting_action.runs) == runs_before + 1
        assert (
            ApprovalRequest.objects.get(pk=approval.pk).action_details["execution"]["status"]
            == "succeeded"
        )


def test_the_expiry_is_committed_although_the_decision_is_refused(team):
    approval = new_request(team, required=1)
    ApprovalRequest.objects.filter(pk=approval.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    (result,) = at_once(decide(team.approvers[0], approval))
    # Read from another connection: only committed rows are visible there.
    (seen,) = at_once(lambda: ApprovalRequest.objects.get(pk=approval.pk).status)

    assert result[0] == "refused" and (result[1].status, result[1].code) == (
        410,
        "approval_expired",
    )
    assert seen == ("ok", "expired")
    assert AuditLog.objects.filter(
        action_type="approval.expired", context__approvalId=approval.pk
    ).exists()
