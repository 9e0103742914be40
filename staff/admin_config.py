from django.contrib.admin import apps as admin_apps


class BackofficeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site asks staff for the second factor."""

    default_site = "staff.admin_site.BackofficeAdminSite"
