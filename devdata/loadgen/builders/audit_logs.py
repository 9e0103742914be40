"""Audit rows, in time order, about leads, tenants' users and agents that existed then.

Contexts hold ids and names only, never a person's data (no e-mail, phone, IP or user
agent), as `platform_app.services.audit_log_record` requires.
"""

from devdata.loadgen import distributions
from devdata.loadgen.context import LoadContext
from devdata.loadgen.refs import canonical
from devdata.loadgen.rows import AuditLogRow
from devdata.loadgen.timeline import CLOCK, DAY, FRACTIONS
from devdata.vocabulary import AUDIT_ERRORS, CHANNELS
from platform_app.models import AuditAction, AuditLog

SUCCESS = AuditLog.Result.SUCCESS.value
FAILURE = AuditLog.Result.FAILURE.value
APPROVAL_RESOURCES = ("campanha", "agent", "export")
# The row loop compares plain strings: an enum member's .value costs a Python call.
LEAD_ACTIONS = frozenset(action.value for action in distributions.LEAD_ACTIONS)
USER_ACTIONS = frozenset(action.value for action in distributions.USER_ACTIONS)
AGENT_ACTIONS = frozenset(action.value for action in distributions.AGENT_ACTIONS)
APPROVAL_ACTIONS = frozenset(action.value for action in distributions.APPROVAL_ACTIONS)
AGENT_EXECUTE = AuditAction.AGENT_EXECUTE.value
USER_LOGIN = AuditAction.USER_LOGIN.value
LEAD_UPDATE = AuditAction.LEAD_UPDATE.value
DESCADASTRO = AuditAction.DESCADASTRO.value
DIREITO_ESQUECIMENTO = AuditAction.DIREITO_ESQUECIMENTO.value
CONSENT_VALIDATION = AuditAction.CONSENT_VALIDATION.value
ERRORS = {action.value: errors for action, errors in AUDIT_ERRORS.items()}


def audit_log_rows(ctx: LoadContext, first: int, count: int, total: int) -> list[AuditLogRow]:
    """Audit logs first..first+count of total."""
    rng, timeline, tenants, leads = ctx.rng, ctx.audit_time, ctx.tenants, ctx.leads
    rnd, bits, new_id = rng.random, rng.getrandbits, ctx.ids.hex
    seconds, limit, lead_position, trace_position = ctx.chunk(timeline, first, count, total)
    days, fractions, kinds = timeline.days, FRACTIONS, ctx.audit_kinds
    agents, agent_names = ctx.agents, ctx.agent_names
    rows = []
    for second in seconds:
        action, failure_rate = kinds[bits(10)]
        created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
        trace = (ctx.recent_trace(trace_position) if rnd() < 0.4 else None) or new_id()
        lead_index = ctx.recent_lead(lead_position) if action in LEAD_ACTIONS else -1
        if lead_index >= 0:
            tenant = leads.tenants[lead_index]
            lead = f'"leadId": "{leads.ids[lead_index]}", '
        else:
            tenant = tenants.pick(rnd() * limit)
            lead = ""
        users = tenants.users[tenant]
        user = None
        if users and (action in USER_ACTIONS or rnd() < 0.3):
            user = users[int(rnd() * len(users))]
        agent = None
        if action in AGENT_ACTIONS:
            pick = bits(16) % len(agent_names)
            agent = agents[pick][0] if agents else None
            if action == AGENT_EXECUTE:
                context = (
                    f'{{{lead}"agentName": "{agent_names[pick]}", '
                    f'"durationMs": {bits(13) + 50}, "tokens": {bits(11) + 200}}}'
                )
            else:
                context = f'{{"agentName": "{agent_names[pick]}", "origem": "painel"}}'
        elif action == USER_LOGIN:
            context = '{"metodo": "cognito"}'
        elif action in APPROVAL_ACTIONS:
            context = (
                f'{{"approvalId": "approval-{canonical(new_id())}", '
                f'"resourceType": "{APPROVAL_RESOURCES[bits(8) % 3]}"}}'
            )
        elif action == LEAD_UPDATE:
            context = f'{{{lead}"campos": ["status", "priority_score"]}}'
        elif action == DESCADASTRO:
            context = (
                f'{{{lead}"canal": "{CHANNELS[bits(8) % len(CHANNELS)]}", '
                f'"agendamentosCancelados": {bits(1)}}}'
            )
        elif action == DIREITO_ESQUECIMENTO:
            context = f'{{{lead}"solicitante": "titular", "camposAnonimizados": 8}}'
        elif action == CONSENT_VALIDATION:
            context = f'{{{lead}"consentGiven": {"true" if rnd() < 0.9 else "false"}}}'
        else:
            context = f'{{{lead}"origem": "{("formulario", "pipeline")[bits(1)]}"}}'
        if rnd() < failure_rate:
            errors = ERRORS[action]
            result, error = FAILURE, errors[bits(8) % len(errors)]
        else:
            result, error = SUCCESS, None
        rows.append(
            AuditLogRow(
                id=new_id(),
                trace_id=trace,
                tenant_id=tenants.ids[tenant],
                user_id=user,
                agent_id=agent,
                action_type=action,
                result=result,
                context=context,
                error_message=error,
                created_at=created,
            )
        )
    return rows
