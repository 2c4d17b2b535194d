from django.core.management.base import BaseCommand

from organization.demo import DEMO_PASSWORD, SEEDERS, seed_demo_organisation


class Command(BaseCommand):
    help = "Load the demo data (org tree, staff per role, authority matrices). Safe to run again."

    def handle(self, *args, **options):
        counts = seed_demo_organisation()
        for seeder in SEEDERS:
            counts.update(seeder())
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: "
                + ", ".join(f"{value} {key}" for key, value in counts.items())
                + f". Demo password: {DEMO_PASSWORD}"
            )
        )
