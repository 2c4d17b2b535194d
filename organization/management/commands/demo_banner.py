from django.core.management.base import BaseCommand

from organization.demo import DEMO_PASSWORD, demo_usernames


class Command(BaseCommand):
    help = "Print where the product is served and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        rows = demo_usernames()
        width = max(len(username) for username, *_ in rows)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"  Claims network: http://localhost:{port}/   (Ctrl-C stops web, worker and beat)"
            )
        )
        self.stdout.write(f"  Demo password for every login below: {DEMO_PASSWORD}")
        for username, org, role in rows:
            self.stdout.write(f"    {username.ljust(width)}  {org}  {role}")
        self.stdout.write("")
