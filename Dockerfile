FROM python:3.11-slim
# pg_dump/pg_restore of PostgreSQL 16 for `doithoai backup` and `doithoai restore` (Debian's own client is older,
# and pg_dump refuses a newer server): from the PostgreSQL project's apt repository.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSo /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update && apt-get install -y --no-install-recommends postgresql-client-16 \
    && apt-get purge -y curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY fakes ./fakes
COPY locales ./locales
RUN pip install --no-cache-dir -e .
# Byte-compiled now, as root: the bot runs as nobody, who cannot write __pycache__ here, and would otherwise compile
# every module of its own from source at each start (about a second of CPU; bench/footprint.py). The catalogs too:
# a process reads the .mo files instead of compiling the .po with Babel (~2 MB held for good).
RUN python -m compileall -q bot handlers storage fakes \
    && python -c "from handlers.conversation.i18n import write_compiled; write_compiled()"
RUN install -d -o nobody -g nogroup /backups  # the backups volume takes this owner when first created
USER nobody
EXPOSE 8080 9464
CMD ["doithoai", "run"]
