from django.urls import path

from fibonacci import apis

urlpatterns = [
    path("events", apis.EventListApi.as_view(), name="events-list"),
    path("traces", apis.TraceListApi.as_view(), name="traces-list"),
]
