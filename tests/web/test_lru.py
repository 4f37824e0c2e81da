"""The per-process cache: least recently used out first, by count and by weight."""

from evaluator.web.lru import LruCache


def test_the_least_recently_used_goes_first():
    cache = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.find("a") == 1  # now "b" is the oldest
    cache.put("c", 3)
    assert (cache.find("a"), cache.find("b"), cache.find("c")) == (1, None, 3)


def test_get_makes_a_missing_value_once():
    cache = LruCache(4)
    made = []
    assert cache.get("k", lambda: made.append(1) or "v") == "v"
    assert cache.get("k", lambda: made.append(1) or "w") == "v"
    assert made == [1]


def test_weight_bounds_the_total_but_keeps_the_newest():
    cache = LruCache(10, max_weight=10)
    cache.put("a", "a", weight=4)
    cache.put("b", "b", weight=4)
    cache.put("c", "c", weight=4)  # 12 > 10: "a" goes
    assert cache.find("a") is None and cache.weight == 8
    cache.put("huge", "h", weight=50)  # over the budget alone: kept, everything else goes
    assert list(cache.items) == ["huge"] and cache.weight == 50
    cache.put("huge", "h", weight=1)  # put again: its weight is replaced, not added
    assert cache.weight == 1
    cache.clear()
    assert cache.weight == 0 and not cache.items
