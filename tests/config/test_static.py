"""The production recipe's `collectstatic` succeeds: every reference in a shipped CSS or JS
file (a vendored library's source map, say) resolves, or every admin page would fail."""

from django.core.management import call_command
from django.test import override_settings

from config.settings import base


def test_collectstatic_with_the_production_storage_processes_every_file(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=base.STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
