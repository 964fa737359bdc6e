"""The public checks students run from their notebook (shipped in the release, numpy only)."""
