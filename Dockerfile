FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY fakes ./fakes
COPY locales ./locales
RUN pip install --no-cache-dir -e .
USER nobody
EXPOSE 8080
CMD ["doithoai", "run"]
