"""Redis for Django's cache, where an unreachable Redis is a cache that holds nothing.

Wagtail reads the site's root paths and image renditions from the cache on every page,
the rate limits count in it and whole pages are kept in it: with Django's own backend a
Redis that stops would turn each of those into an error page. Here each operation that
cannot reach Redis answers as a cache miss (or does nothing), the first failure is
logged, and Redis is left alone for `PAUSE` seconds, so that requests do not each wait
for a connection timeout.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

PAUSE = 10.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    down_until = 0.0

    @classmethod
    def guard(cls, operation, missed):
        @functools.wraps(operation)
        def guarded(*args, **kwargs):
            if time.monotonic() < cls.down_until:
                return missed(*args, **kwargs)
            try:
                return operation(*args, **kwargs)
            except UNREACHABLE as error:
                cls.down_until = time.monotonic() + PAUSE
                logger.warning("Redis unreachable, serving without the cache: %s", error)
                return missed(*args, **kwargs)

        return guarded


def _incr_missed(key, delta):
    raise ValueError("the cache is unreachable")  # what a missing key gives, for callers


_MISSED = {
    "get": lambda key, default: default,
    "get_many": lambda keys: {},
    "has_key": lambda key: False,
    "add": lambda key, value, timeout: False,
    "set": lambda key, value, timeout: None,
    "set_many": lambda data, timeout: [],
    "touch": lambda key, timeout: False,
    "delete": lambda key: False,
    "delete_many": lambda keys: None,
    "incr": _incr_missed,
    "clear": lambda: False,
}


class ResilientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        # One redis-py client per connection pool, reused: Django builds a new one for
        # every operation, and building one (its table of reply handlers) cost more
        # than a cached page's whole lookup. Clients are safe to share between threads.
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


for _name, _missed in _MISSED.items():
    setattr(
        ResilientRedisCacheClient,
        _name,
        _Breaker.guard(getattr(RedisCacheClient, _name), lambda self, *a, _m=_missed: _m(*a)),
    )


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
