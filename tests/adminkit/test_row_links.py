"""Every changelist's row link opens that row's own change page, never its parent's."""

import re

import pytest
from django.contrib import admin
from django.urls import resolve

pytestmark = pytest.mark.django_db

FIRST_ROW = re.compile(r"<tbody>\s*<tr>(.*?)</tr>", re.S)
ROW_LINK_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def changelists():
    return sorted(
        (model_admin for model_admin in admin.site._registry.values()),
        key=lambda model_admin: model_admin.opts.label_lower,
    )


@pytest.mark.parametrize("model_admin", changelists(), ids=lambda m: m.opts.label_lower)
def test_the_first_rows_link_opens_its_own_change_page(model_admin, admin_client, demo_data):
    opts = model_admin.opts
    page = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
    assert page.status_code == 200
    row = FIRST_ROW.search(page.content.decode())
    if row is None:
        pytest.skip(f"no demo row in {opts.label}")
    cell = ROW_LINK_CELL.search(row.group(1))
    assert cell, f"{opts.label}: no row link column"
    links = HREF.findall(cell.group(1))
    assert len(links) == 1, f"{opts.label}: a link inside the row link: {links}"

    match = resolve(links[0].split("?")[0])
    assert match.url_name == f"{opts.app_label}_{opts.model_name}_change"
    assert admin_client.get(links[0]).status_code == 200
    assert model_admin.get_object(page.wsgi_request, match.kwargs["object_id"]) is not None
