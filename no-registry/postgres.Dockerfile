# PostgreSQL from Debian bookworm's archive (15), for machines that reach no image registry,
# standing in for Docker Hub's postgres image that compose.yaml names: the same variables
# (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB), data directory and port, and its fast
# shutdown on SIGINT. Its base is the one `make image` makes from Debian's archive.
ARG BASE_IMAGE=localhost/bookworm-python:latest
FROM ${BASE_IMAGE}
RUN mkdir -p /etc/postgresql-common \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql-15 >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o postgres -g postgres -m 700 /var/lib/postgresql/data \
    && install -d -o postgres -g postgres /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint /usr/local/bin/postgres-entrypoint
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["postgres-entrypoint"]
