from django.core.management.base import BaseCommand

from organization.demo import DEMO_PASSWORD, seed_demo_organisation


class Command(BaseCommand):
    help = "Load the demo data (org tree, staff per role, authority matrices). Safe to run again."

    def handle(self, *args, **options):
        counts = seed_demo_organisation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['orgs']} orgs, {counts['users']} staff. Demo password: {DEMO_PASSWORD}"
            )
        )
