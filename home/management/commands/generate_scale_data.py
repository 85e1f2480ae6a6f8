"""Fill the database with county-scale synthetic data, for benchmarks and load tests."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from home.demo.scale import SCALE_1, AlreadyGenerated, ScaleData, counts_for


class Command(BaseCommand):
    help = (
        "Generate synthetic, realistic county-scale data (scale 1: "
        + ", ".join(f"{n:,} {name}" for name, n in SCALE_1.items())
        + "). The same seed and scale give the same data. Refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = a county; 0.01 for tests")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Count dates from this day (YYYY-MM-DD) instead of today",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors")

    def handle(self, *args, scale, seed, today, quiet, **options):
        if not 0 < scale <= 100:
            raise CommandError("--scale must be more than 0 and at most 100.")
        log = (lambda message: None) if quiet else self.stdout.write
        log(
            f"Generating scale {scale:g} (seed {seed}): "
            + ", ".join(f"{n:,} {name}" for name, n in counts_for(scale).items())
        )
        try:
            ScaleData(scale, seed=seed, today=today, log=log).run()
        except AlreadyGenerated:
            raise CommandError(
                "This database already holds generated scale data (accounts named scale-…). "
                "Running again would add it twice: start from a fresh database instead."
            ) from None
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, as autovacuum would give a while after a
            # bulk load: the query planner then picks the indexes the pages are built for.
            # (VACUUM cannot run inside a transaction, as in the tests: ANALYZE alone then.)
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            log(f"Analysing the tables ({statement})...")
            with connection.cursor() as cursor:
                cursor.execute(statement)
