"""Fixtures shared by the whole suite: three users and designs to act on."""

from pathlib import Path

import pytest

from evaluator.engine.spec import parse_design

SHOP_YAML = """\
format: tradeoff-evaluator/1
name: Corner Shop
summary: A small online shop run by one team.
context:
  team_size: 6
  teams: 1
  hosting: public_cloud
priorities:
  cost: high
  time_to_market: high
components:
  - name: Storefront
    kind: ui
    depends_on:
      - {component: Orders API, style: sync}
    answers:
      traffic_pattern: daily_cycle
  - name: Orders API
    kind: api
    depends_on:
      - {component: Order events, style: async}
    answers:
      peak_rps: 40
      caller_waits: true
  - name: Order events
    kind: stream_processor
    answers:
      consumers: 3
"""

PASSWORD = "a-long-test-passphrase-42"


def pytest_configure():
    # WhiteNoise warns on every request when STATIC_ROOT is missing; `collectstatic`
    # makes it in production, tests only need it to exist.
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Production hashes a password slowly on purpose (Django's PBKDF2 with 1,000,000
    # iterations: about 0.5 s of CPU on this project's 2-core test machine), once for each
    # user made with a password and each sign-in. The suite does that hundreds of times and
    # tests nothing about the hash's strength. Set here, before anything hashes, so session
    # fixtures and the browser tests' live server use it too; tests/deploy checks that
    # production keeps the strong hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shop_yaml():
    return SHOP_YAML


@pytest.fixture
def shop_spec():
    return parse_design(SHOP_YAML, filename="shop.yaml")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("stella", password=PASSWORD, is_staff=True)


@pytest.fixture
def example_design(db, shop_spec):
    """A shared example, as `import_designs --examples` would load it."""
    from evaluator.web import services

    return services.create_design(None, shop_spec, is_example=True)


@pytest.fixture
def alice_design(alice, shop_spec):
    """A design of alice's with two revisions."""
    from evaluator.web import services

    design = services.create_design(alice, shop_spec)
    changed = parse_design(SHOP_YAML.replace("team_size: 6", "team_size: 7"))
    services.save_design(design, changed, author=alice, base_version=design.version)
    design.refresh_from_db()
    return design


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client
