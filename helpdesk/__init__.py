"""Support staff's tools: the trace timeline, lead and tenant activity, exports of any
filtered changelist, saved filters, the dashboard on the admin index and the operations
page. It reads every platform app and writes only its own table (saved filters) and the
audit rows of exports."""
