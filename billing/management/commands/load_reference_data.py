from django.core.management.base import BaseCommand

from billing.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Upsert the 4 subscription plans, 7 SubNúcleos and 32 agents (matched by name) and "
        "their SubNúcleo links. Never deletes: safe against production."
    )

    def handle(self, *args, **options):
        reference = load_reference_data()
        links = sum(len(agents) for agents in reference.subnucleo_agents.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {len(reference.plans)} plans, "
                f"{len(reference.subnucleos)} SubNúcleos, {len(reference.agents)} agents, "
                f"{links} SubNúcleo-agent links."
            )
        )
