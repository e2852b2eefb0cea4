# The app as one image, configured only by its environment (docs/deployment.md).
# Build: make image. Words: serve (default), migrate, purge, manage ARGS (bin/entrypoint).
ARG BASE_IMAGE=python:3.11-slim-bookworm

# --- build: Python packages, our Chart.js bundle, catalogues and static files ---------------
FROM ${BASE_IMAGE} AS build
# bin/build-image keeps this stage as battery-earnings:build, the next build's cache, and
# prunes what earlier builds left untagged by this label, so images never pile up.
LABEL battery-earnings.stage=build
ENV DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --quiet -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN PYTHON=/opt/venv/bin/python DJANGO_STATIC_ROOT=/app/staticfiles bin/build-assets

# --- runtime: only what serving needs, as a user who owns nothing it runs --------------------
FROM ${BASE_IMAGE}
LABEL battery-earnings.stage=runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_IGNORE_DOTENV=1 DJANGO_STATIC_ROOT=/app/staticfiles HOST=0.0.0.0 PORT=8000
# An ordinary user (a system one may not have a uid above 999), with no home or login.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app/manage.py /app/gunicorn.conf.py ./
COPY --from=build /app/bin/entrypoint bin/entrypoint
# One line per top-level Python package the app runs: a new one (a Django app of its own, say)
# needs its line here, or the deployment files' test fails.
COPY --from=build /app/connect_app connect_app
COPY --from=build /app/connect_sandbox connect_sandbox
COPY --from=build /app/templates templates
COPY --from=build /app/locale locale
COPY --from=build /app/static static
COPY --from=build /app/build/static build/static
COPY --from=build /app/staticfiles staticfiles
# Compiled ahead, since the user app may write nothing here.
RUN python3 -m compileall -q /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz\", timeout=4)"]
ENTRYPOINT ["bin/entrypoint"]
CMD ["serve"]
