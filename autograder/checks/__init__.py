"""Trusted checks that hidden suites build on: numeric comparison, gradient check, symmetry.

`compare` is standalone (numpy and the standard library only) so that its source can be
inlined into the students' public checks; the other modules may import it.
"""
