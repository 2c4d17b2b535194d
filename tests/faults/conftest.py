"""Fixtures of the fault drills: a private Redis and a killable worker (tests.faults.support), and the hospital
pipeline's fixtures for a real print (an approved cooperation's agreement)."""

import pytest

from tests.faults.support import RedisServer, Worker, app_broker, can_run
from tests.hospitals.conftest import approved, cooperation, hospital, submitted  # noqa: F401


@pytest.fixture
def stack(tmp_path):
    """PostgreSQL (the test database), a private Redis the test may stop and start, the test process publishing
    to it, and a worker (not started) reading it. Skips where CI's stack is not there."""
    reason = can_run()
    if reason:
        pytest.skip(reason)
    redis = RedisServer(tmp_path)
    redis.start()
    worker = Worker(redis.url, tmp_path / "worker.log", tmp_path / "stalled")
    try:
        with app_broker(redis.url):
            yield redis, worker
    finally:
        worker.stop()
        redis.stop()
