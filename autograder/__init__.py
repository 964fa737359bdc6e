"""autograder: auto-graded exercises for courses that teach neural networks from scratch."""

__version__ = "0.1.0"
