"""The five seed captures are in the dossier unchanged, with their SHA-256 as capture hash."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from .conftest import ROOT, SEED

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seed_captures_are_imported_byte_for_byte():
    seeds = sorted(SHARED_SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    for seed in seeds:
        sid = seed.name[:3]
        copy = SEED / "sources" / sid / seed.name
        assert copy.read_bytes() == seed.read_bytes(), seed.name
        meta = yaml.safe_load((SEED / "sources" / sid / "source.yml").read_text("utf-8"))
        assert meta["capture"]["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
        assert meta["capture"]["file"] == seed.name
