# The app as one image, configured only by its environment (README "Running in production").
# Build: make image. Words: serve (default), migrate, purge, manage ARGS (bin/entrypoint).
ARG BASE_IMAGE=python:3.11-slim-bookworm

# --- build: Python packages, our Chart.js bundle, catalogues and static files ---------------
FROM ${BASE_IMAGE} AS build
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
RUN PYTHON=/opt/venv/bin/python DJANGO_STATIC_ROOT=/app/staticfiles bin/build-assets \
    && /opt/venv/bin/python -m compileall -q connect_app

# --- runtime: only what serving needs, as a user who owns nothing it runs --------------------
FROM ${BASE_IMAGE}
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_IGNORE_DOTENV=1 DJANGO_STATIC_ROOT=/app/staticfiles HOST=0.0.0.0 PORT=8000
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app/manage.py /app/gunicorn.conf.py ./
COPY --from=build /app/bin/entrypoint bin/entrypoint
COPY --from=build /app/connect_app connect_app
COPY --from=build /app/connect_sandbox connect_sandbox
COPY --from=build /app/templates templates
COPY --from=build /app/locale locale
COPY --from=build /app/static static
COPY --from=build /app/build/static build/static
COPY --from=build /app/staticfiles staticfiles
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz\", timeout=4)"]
ENTRYPOINT ["bin/entrypoint"]
CMD ["serve"]
