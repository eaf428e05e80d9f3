"""Demo and test data: the reference scenario (YAML), the default taxonomy and the Faker generator."""

from pathlib import Path

SEED_DIR = Path(__file__).parent
