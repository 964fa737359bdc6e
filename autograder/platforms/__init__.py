"""Where grades go: one module per platform (Gradescope, Coursera, edX's XQueue,
PrairieLearn, LTI grade passback), each a small entry point over the engine's results;
the formats themselves are written by `autograder.reporters`."""
