def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: starts gunicorn in a subprocess on a fresh database (tens of seconds)"
    )
