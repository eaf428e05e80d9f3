"""Demo and test data: the reference scenario (YAML), the default taxonomy and the Faker generator."""
