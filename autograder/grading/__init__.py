"""Running a hidden suite against a submission and scoring it."""
