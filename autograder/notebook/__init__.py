"""Reading notebooks: nbgrader cell metadata, and the code a grader should execute."""
