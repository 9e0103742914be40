"""How an approval's details and an audit row read on the admin's pages."""

from platform_app.admin.approval_display import detail_rows
from platform_app.models import ApprovalRequest, AuditLog


def test_an_erasure_requests_scope_reads_in_portuguese_and_an_unknown_code_as_it_is():
    def scope_row(scope: str) -> str:
        approval = ApprovalRequest(
            action_type="lgpd.direito_esquecimento", action_details={"scope": scope}
        )
        return dict(detail_rows(approval))["Alcance"]

    assert scope_row("platform") == "toda a plataforma (leads do titular em todos os tenants)"
    assert scope_row("tenant") == "o tenant do pedido"
    assert scope_row("galaxy") == "galaxy"


def test_an_audit_row_is_named_by_its_labels():
    assert (
        str(AuditLog(action_type="agent.activated", result="failure")) == "agente ativado (falha)"
    )
    assert str(AuditLog(action_type="x.y", result="success")) == "x.y (sucesso)"
