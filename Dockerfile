# The tracker's one image: web (gunicorn), projector, worker, beat and the one-off init all
# run from it (see docker-compose.yml). Everything is installed at build time; at run time the
# containers reach only PostgreSQL, Redis and the mail server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/tracker
COPY pyproject.toml README.md ./
COPY events ./events
COPY tracker ./tracker
COPY web ./web
COPY workers ./workers
# The package carries its templates and static assets; nothing is fetched from a CDN.
RUN pip install . && rm -rf build ./*.egg-info events tracker web workers
COPY deploy ./deploy

# A user without a login shell or sudo; the data folder (beat's schedule) is the only place
# it writes, and platformdirs finds it through XDG_DATA_HOME.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/tracker --create-home \
        --shell /usr/sbin/nologin tracker
ENV XDG_DATA_HOME=/var/lib/tracker
USER tracker
WORKDIR /var/lib/tracker

EXPOSE 8000
CMD ["gunicorn", "web.wsgi:app", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--worker-class", "gthread", "--threads", "2", "--access-logfile", "-"]
