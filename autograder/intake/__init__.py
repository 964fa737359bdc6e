"""Intake: from the paths a user gives to submissions with ids that can be trusted."""

from autograder.intake.discover import Ignored, Intake, OnDuplicate, discover

__all__ = ["Ignored", "Intake", "OnDuplicate", "discover"]
