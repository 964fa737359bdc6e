# The Coursera grader image for ${assignment}, written by `autograder package coursera`.
# Build it in this folder and upload it as the custom grader of the programming assignment:
#     docker build -t ${image} .
# Coursera runs it as a non-root user with no network, 1 CPU and 1 GB of memory; the
# learner's files are in /shared/submission/ and the part is named by $$partId.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLBACKEND=Agg \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1

COPY python/ /opt/autograder/python/
RUN pip install /opt/autograder/python && rm -rf /opt/autograder/python

COPY project/ /opt/autograder/project/
RUN chmod -R a+rX /opt/autograder \
    && useradd --system --uid 10001 --no-create-home --home-dir /tmp grader

USER 10001
WORKDIR /tmp
ENTRYPOINT ${entrypoint}
