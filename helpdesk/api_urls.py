"""The support endpoints, included under /api/ (helpdesk/urls.py holds the admin pages)."""

from django.urls import path

from helpdesk import apis

urlpatterns = [
    path(
        "traces/<uuid:trace_id>/timeline",
        apis.TraceTimelineApi.as_view(),
        name="traces-timeline",
    ),
]
