"""The public form's traffic: submissions, the webhooks announcing form leads, rate limits."""

from datetime import timedelta
from typing import NamedTuple

from devdata.demo.ids import demo_id
from devdata.demo.leads import BUSY_IP
from devdata.demo.writer import DemoLead, DemoWriter
from devdata.vocabulary import BOT_USER_AGENT, FORM_TYPES, WEBHOOK_TIMEOUT
from nigredo.models import FormSubmission, RateLimit, WebhookLog

BLOCKED_IP = "189.6.201.17"
CLOSED_IP = "200.150.33.9"
IPV6 = "2804:14c:5b8f:8a0d::1"


class Delivery(NamedTuple):
    status_code: int | None
    body: str | None
    error: str | None


OK = Delivery(200, '{"ok": true}', None)
# the delivery attempts of a lead webhook, by outcome, with each outcome's weight
WEBHOOK_OUTCOMES: dict[str, tuple[float, list[Delivery]]] = {
    "entregue": (70, [OK]),
    "reenviado": (20, [Delivery(500, "Internal Server Error", "HTTP 500"), OK]),
    "falhou": (10, [Delivery(None, None, WEBHOOK_TIMEOUT)] * 3),
}


def write_submission(w: DemoWriter, lead: DemoLead) -> None:
    """The form submission that created the lead and the webhooks that announced it."""
    source = w.words.utm()[0]
    w.put(
        FormSubmission,
        demo_id("form-submission", lead.id),
        lead_id=lead.id,
        ip_address=lead.ip_address,
        user_agent=w.words.user_agent(),
        referer=f"https://{source}.com/" if source != "newsletter" else None,
        source=source,
        form_type=w.rng.choice(FORM_TYPES),
        submitted_at=lead.created_at,
    )
    outcomes = list(WEBHOOK_OUTCOMES)
    weights = [WEBHOOK_OUTCOMES[outcome][0] for outcome in outcomes]
    outcome = w.rng.choices(outcomes, weights=weights)[0]
    for number, delivery in enumerate(WEBHOOK_OUTCOMES[outcome][1], 1):
        write_webhook(w, lead, number, delivery)


def write_webhook(w: DemoWriter, lead: DemoLead, number: int, delivery: Delivery) -> None:
    """One delivery attempt of the lead webhook to the tenant's endpoint."""
    assert lead.tenant is not None
    w.put(
        WebhookLog,
        demo_id("webhook", lead.id, number),
        lead_id=lead.id,
        webhook_url=f"https://hooks.{lead.tenant.domain}/alquimista/leads",
        payload={
            "evento": "lead.criado",
            "lead": {
                "id": str(lead.id),
                "nome": lead.contato,
                "email": lead.email,
                "empresa": lead.empresa,
            },
        },
        status_code=delivery.status_code,
        response_body=delivery.body,
        attempt_number=number,
        success=delivery.error is None,
        error_message=delivery.error,
        sent_at=lead.created_at + timedelta(seconds=2 + 60 * (number - 1) ** 2),
    )


def write_form_traffic(w: DemoWriter) -> None:
    """Submissions and webhook deliveries of form leads, a bot's submissions, rate limits."""
    for lead in w.leads:
        if lead.from_form:
            write_submission(w, lead)
    for minutes in (12, 25):
        w.put(
            FormSubmission,
            demo_id("form-submission", "bloqueado", minutes),
            lead_id=None,
            ip_address=BLOCKED_IP,
            user_agent=BOT_USER_AGENT,
            referer=None,
            source="direto",
            form_type="contato",
            submitted_at=w.ago(minutes=minutes),
        )
    for key, address, started, count, blocked_until in (
        ("aberta", BUSY_IP, w.ago(minutes=35), 3, None),
        ("bloqueada", BLOCKED_IP, w.ago(minutes=50), 10, w.now + timedelta(minutes=45)),
        ("encerrada", CLOSED_IP, w.ago(hours=3), 1, None),
        ("ipv6", IPV6, w.ago(hours=10), 2, None),
    ):
        w.put(
            RateLimit,
            demo_id("rate-limit", key),
            ip_address=address,
            submission_count=count,
            window_start=started,
            last_submission_at=started + timedelta(minutes=min(count * 5, 45)),
            blocked_until=blocked_until,
        )
