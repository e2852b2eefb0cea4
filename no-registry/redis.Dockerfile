# Redis from Debian bookworm's archive (7.0), for machines that reach no image registry,
# standing in for Docker Hub's redis image that compose.yaml names. Like that image, it serves
# other containers without a password when started without a configuration file.
ARG BASE_IMAGE=localhost/bookworm-python:latest
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        redis-server >/dev/null \
    && rm -rf /var/lib/apt/lists/*
USER redis
WORKDIR /var/lib/redis
EXPOSE 6379
ENTRYPOINT ["/bin/sh", "-c", "exec \"$@\" --protected-mode no", "redis"]
CMD ["redis-server"]
