"""Rebuild learn/market/snapshot/ from the packages of the ``snapshot`` extra (dev only)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learn.market.snapshot import SNAPSHOT_DIR


class Command(BaseCommand):
    help = (
        "Rebuild the offline market data snapshot (learn/market/snapshot/*.csv.gz, catalogue.json, "
        "PROVENANCE.md) from arch and bokeh-sampledata: pip install -e '.[snapshot]' first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=SNAPSHOT_DIR, help="folder to write into")

    def handle(self, *args, output: Path, **options):
        from learn.market.build import build

        try:
            entries = build(output)
        except ImportError as exc:
            raise CommandError(
                f"{exc.name or exc} is not installed: the snapshot is built from the 'snapshot' extra. "
                "Run: pip install -e '.[snapshot]'"
            ) from exc
        for e in entries:
            self.stdout.write(
                f"{e['file']:22} {e['name']:7} {e['first']} to {e['last']} "
                f"{e['rows']:>6,} rows {e['bytes']:>8,} bytes"
            )
        total = sum(e["bytes"] for e in entries)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(entries)} series, {total:,} bytes, to {output}"))
