from django.core.management.base import BaseCommand, CommandError

from sla import calendar
from sla.calendar_data import load_package_years
from sla.models import CalendarDay, CalendarYear
from sla.services.calendar_import import import_calendar_csv
from sla.services.deadlines import recompute_provisional_deadlines


class Command(BaseCommand):
    help = (
        "Load holiday calendars: every year the installed chinese_calendar package knows that is not loaded yet "
        "(after upgrading the package), or a CSV file (date,kind,name) for a year the package does not know."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="a CSV file to import (all or nothing)")
        parser.add_argument(
            "--replace-year",
            type=int,
            action="append",
            default=[],
            help="a year the CSV covers completely (repeat for several); other days in it are added or updated",
        )
        parser.add_argument("--replace", action="store_true", help="reload package years already loaded")

    def handle(self, *args, csv=None, replace=False, replace_year=(), **options):
        if csv:
            with open(csv, "rb") as fh:
                report = import_calendar_csv(fh.read(), set(replace_year))
            if not report.ok:
                for row, message in report.errors:
                    self.stderr.write(f"row {row}: {message}")
                raise CommandError("nothing imported")
            self.stdout.write(
                self.style.SUCCESS(
                    f"loaded {report.days} days; replaced {report.replaced or 'no year'}, "
                    f"{report.other_days} days of other years added or updated; "
                    f"{report.recomputed} deadlines recomputed"
                )
            )
            return
        years = load_package_years(CalendarYear, CalendarDay, replace=replace)
        calendar.clear_cache()
        recomputed = recompute_provisional_deadlines() if years else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"loaded years {years or 'none (all known years present)'}; {recomputed} deadlines recomputed"
            )
        )
