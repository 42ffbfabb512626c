"""Typed settings from the environment (prefix ``NEWSCHECK_``), one documented default each.

Every process (worker, API, CLI, demo) builds its settings here, and invalid combinations are
refused before anything starts, with a message naming the variables to fix. The README's
settings table is generated from this class (``newscheck settings``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from pipeline.errors import ConfigError
from pipeline.politeness import USER_AGENT

CommaList = Annotated[list[str], NoDecode]

# names accepted in NEWSCHECK_DISCOVERY_PROVIDERS (built by pipeline.adapters.providers)
DISCOVERY_PROVIDERS: tuple[str, ...] = ("searxng", "gdelt", "mediawiki", "factcheck", "index")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSCHECK_", extra="ignore", frozen=True)

    # --- Redis and the queue
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="Redis for state (verdicts, progress, cache).")
    broker_url: str | None = Field(None, description="Celery broker; defaults to redis_url.")
    key_prefix: str = Field("nc", description="Prefix of every Redis key newscheck writes.")
    task_soft_time_limit: int = Field(90, description="Seconds before a task is asked to stop (SoftTimeLimitExceeded).")
    task_time_limit: int = Field(120, description="Seconds before a task's process is killed.")
    visibility_timeout: int = Field(600, description="Seconds before an unacknowledged task is redelivered; above every hard limit and retry countdown.")
    max_redeliveries: int = Field(3, description="Deliveries of one task after which it is failed instead of run again (a task that kills its worker).")
    max_retry_countdown: int = Field(60, description="Longest back-off between retries of a task, in seconds.")
    article_fetch_retries: int = Field(3, ge=0, description="Task retries of an article whose own URL failed to fetch transiently (each fetch already retries inside its deadline).")
    callback_retries: int = Field(5, ge=0, description="Retries of the callback POST before it is recorded as failed.")
    task_store_retries: int = Field(8, ge=0, description="Retries of a task that found Redis unavailable (workers/base.py NewscheckTask).")
    article_deadline: int = Field(900, description="Seconds after submission when the sweeper finishes an article, marking open claims unverified (reason timeout).")
    sweep_interval: int = Field(30, description="Seconds between two sweeper runs (celery beat).")
    worker_heartbeat_interval: float = Field(5.0, description="Seconds between two beats of a worker; a worker silent for 4 beats plus 2 more is dead and its unacknowledged tasks go back to their queues at once (the visibility timeout stays as the backstop).")
    events_maxlen: int = Field(1000, description="Progress events kept per article (capped Redis stream).")

    # --- fetching
    fetch_allow_hosts: CommaList = Field(default_factory=list, description="Hosts or CIDR ranges that may be fetched although private/loopback (comma-separated), e.g. 127.0.0.1.")
    fetch_connect_timeout: float = Field(5.0, description="Seconds to connect to a source.")
    fetch_read_timeout: float = Field(10.0, description="Seconds of silence between two bytes before a fetch fails.")
    fetch_deadline: float = Field(20.0, description="Wall-clock seconds for one fetch, retries and waits included.")
    fetch_max_bytes: int = Field(5_000_000, description="Largest body read from a source (after decompression).")
    fetch_max_redirects: int = Field(5, description="Redirects followed per fetch.")
    fetch_retries: int = Field(2, description="Retries of a fetch after a transient error (timeout, 5xx, 429).")
    fetch_respect_robots: bool = Field(True, description="Obey robots.txt of every source.")
    fetch_user_agent: str = Field(USER_AGENT, description="User-Agent of every request.")
    fetch_rate_per_domain: float = Field(2.0, description="Requests per second per domain, shared by all workers.")
    fetch_burst_per_domain: int = Field(4, description="Requests a domain may get at once before the rate applies.")
    source_cache_ttl: int = Field(86_400, description="Seconds a fetched source is reused across articles.")
    max_sources: int = Field(20, description="Sources accepted per submission.")
    max_cited_links: int = Field(10, description="Links cited by the article that are fetched as sources.")

    # --- pipeline
    max_claims: int = Field(200, description="Claims checked per article (the most check-worthy first).")

    # --- source discovery (beyond submitted and cited sources)
    discovery_providers: CommaList = Field(default_factory=list, description="Search providers asked for more sources per claim (comma-separated: searxng, gdelt, mediawiki, factcheck, index); empty uses only submitted and cited sources.")
    discovery_max_urls: int = Field(5, description="New source URLs discovered and fetched per claim, all providers together.")
    discovery_timeout: float = Field(10.0, description="Seconds for one search API call (connect, read and wall clock).")
    searxng_url: str = Field("http://127.0.0.1:8080", description="Base URL of the SearXNG instance (its JSON format must be enabled).")
    gdelt_url: str = Field("https://api.gdeltproject.org", description="Base URL of the GDELT DOC 2.0 API.")
    mediawiki_url: str = Field("https://en.wikipedia.org", description="Base URL of the MediaWiki site searched (api.php under /w/).")
    factcheck_url: str = Field("https://factchecktools.googleapis.com", description="Base URL of Google's Fact Check Tools API.")
    factcheck_api_key: SecretStr | None = Field(None, description="API key of the Fact Check Tools API (from the environment only; never logged).")
    feeds: CommaList = Field(default_factory=list, description="RSS/Atom feed URLs whose items fill the evidence index (comma-separated).")
    feed_interval: int = Field(900, description="Seconds between two feed ingestions (celery beat, only when feeds are set).")
    feed_max_items: int = Field(30, description="Newest items read per feed and ingestion.")
    index_url: str = Field("sqlite:///.newscheck/evidence.sqlite3", description="Evidence index: sqlite:///path (embedded, one host; relative to the working directory) or postgresql://... (shared by many hosts).")

    # --- corpus mode: every article checked and every source fetched becomes evidence
    corpus_mode: bool = Field(True, description="Index every article and source, and cross-check claims against other outlets' indexed pages in the claim's date window.")
    corpus_max_sources: int = Field(5, ge=0, description="Indexed pages (one per near-duplicate cluster) weighed per claim in corpus mode.")
    corpus_days_before: int = Field(30, ge=0, description="Days before the article's date that corpus pages may be from.")
    corpus_days_after: int = Field(7, ge=0, description="Days after the article's date that corpus pages may be from.")
    corpus_retention_days: float = Field(90.0, gt=0, description="Days an indexed page is kept after it was indexed (pruned by the sweeper).")
    corpus_max_documents: int = Field(200_000, ge=1, description="Pages the index keeps at most; the oldest indexed are pruned first.")
    fact_ttl: int = Field(7 * 86_400, ge=0, description="Seconds the cross-check of a claim fact (speaker, content, figures, day) is kept for other articles carrying it; 0 checks every claim anew.")

    # --- API
    api_max_body_bytes: int = Field(2_000_000, description="Largest request body the API accepts (413 above).")
    api_keys: CommaList = Field(default_factory=list, description="Accepted API keys (comma-separated); empty turns authentication off.")
    api_rate_per_minute: int = Field(120, description="Submissions per minute per API key (or client address).")
    api_trusted_proxies: CommaList = Field(default_factory=list, description="Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated); empty trusts none, so the rate limit keys on the connecting address.")
    api_max_streams: int = Field(1000, description="Progress event streams (/events) open at once; more get 503 until one ends.")
    callback_timeout: float = Field(10.0, description="Seconds to deliver the final report to a callback_url.")
    callback_secret: SecretStr | None = Field(None, description="Signs callback POSTs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature v1 HMAC-SHA256); whsec_<base64> or any string; unset sends them unsigned.")

    log_level: str = Field("INFO", description="Logging level.")
    log_json: bool = Field(False, description="Structured JSON logs (one object a line).")

    @field_validator("fetch_allow_hosts", "api_keys", "api_trusted_proxies", "discovery_providers", "feeds", mode="before")
    @classmethod
    def _split_commas(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [x.strip() for x in v.split(",") if x.strip()]
        return v

    @model_validator(mode="after")
    def _check_invariants(self) -> Settings:
        problems = []
        if not self.task_soft_time_limit < self.task_time_limit < self.visibility_timeout:
            problems.append(
                "need NEWSCHECK_TASK_SOFT_TIME_LIMIT < NEWSCHECK_TASK_TIME_LIMIT < NEWSCHECK_VISIBILITY_TIMEOUT "
                f"(got {self.task_soft_time_limit}, {self.task_time_limit}, {self.visibility_timeout}); "
                "otherwise a running task is redelivered and runs twice"
            )
        if self.max_retry_countdown >= self.visibility_timeout:
            problems.append("NEWSCHECK_MAX_RETRY_COUNTDOWN must be below NEWSCHECK_VISIBILITY_TIMEOUT")
        if self.article_deadline <= self.visibility_timeout:
            problems.append(
                "NEWSCHECK_ARTICLE_DEADLINE must be above NEWSCHECK_VISIBILITY_TIMEOUT "
                f"(got {self.article_deadline}, {self.visibility_timeout}): otherwise the sweeper finishes an article "
                "while its lost task is still due for redelivery"
            )
        if self.fetch_deadline >= self.task_soft_time_limit:
            problems.append("NEWSCHECK_FETCH_DEADLINE must be below NEWSCHECK_TASK_SOFT_TIME_LIMIT")
        unknown = sorted(set(self.discovery_providers) - set(DISCOVERY_PROVIDERS))
        if unknown:
            problems.append(f"NEWSCHECK_DISCOVERY_PROVIDERS: unknown {', '.join(unknown)} (known: {', '.join(DISCOVERY_PROVIDERS)})")
        if "factcheck" in self.discovery_providers and self.factcheck_api_key is None:
            problems.append("the factcheck provider needs NEWSCHECK_FACTCHECK_API_KEY")
        if not self.index_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            problems.append("NEWSCHECK_INDEX_URL must be a sqlite:///path or postgresql:// URL")
        if self.worker_heartbeat_interval <= 0:
            problems.append("NEWSCHECK_WORKER_HEARTBEAT_INTERVAL must be above 0")
        if self.max_redeliveries < 1:
            problems.append("NEWSCHECK_MAX_REDELIVERIES must be at least 1")
        for name in ("redis_url", "broker_url"):
            url = getattr(self, name)
            if url and not url.startswith(("redis://", "rediss://", "unix://", "amqp://", "sentinel://")):
                problems.append(f"NEWSCHECK_{name.upper()} must be a redis://, rediss://, unix://, sentinel:// or amqp:// URL")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def broker(self) -> str:
        return self.broker_url or self.redis_url


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment (and overrides), or ConfigError with a readable message."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            msgs.append(f"{('NEWSCHECK_' + loc.upper()) if loc else 'settings'}: {err['msg']}")
        raise ConfigError("invalid settings: " + "; ".join(msgs)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
