"""A figure a hidden test records through the `figures` fixture reaches the student's page."""

from __future__ import annotations

from tests.security.helpers import grade, open_up, project_dir, write_code
from tests.tiny_project import make_tiny_project

FIGURE_TEST = '''
import numpy as np
from autograder.testing import points


@points(0)
def test_picture_of_doubling(student, figures):
    xs = np.linspace(-1, 1, 5)
    figures.lines({"your double": [float(v) for v in student.double(xs)], "2x": list(2 * xs)},
                  title="Doubling", caption="Your values **beside** the line 2x.",
                  x=list(xs), x_label="x", y_label="double(x)")
    figures.heatmap(np.outer(xs, xs)[:2, :3], title="A product", caption="!!cells!!")
'''


def test_recorded_figures_are_drawn_on_the_feedback_page() -> None:
    with project_dir("figures") as root:
        make_tiny_project(root)
        (root / "solutions" / "tiny" / "hidden_tests" / "test_pictures.py").write_text(
            FIGURE_TEST)
        write_code(root / "uploads", "amy.py", "def double(x):\n    return 2 * x\n")
        open_up(root)
        batch = grade(root, "tiny", [root / "uploads"], workers=1)
        result = batch["amy"]
        (picture,) = [t for t in result.tests if t.name.endswith("test_picture_of_doubling")]
        assert [f["kind"] for f in picture.data["figures"]] == ["lines", "heatmap"]
        page = (batch.out / "submissions" / "amy" / "feedback.html").read_text()
        assert "<strong>Doubling.</strong> Your values <strong>beside</strong>" in page
        assert '<span class="bad">cells</span>' in page
        assert page.count("data:image/svg+xml") >= 2
        assert (result.score, result.max_score) == (4, 4)
