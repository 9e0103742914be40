"""config.urls as it is with an e-mail backend configured (EMAIL_URL): with the reset pages."""

from config.urls import password_reset_patterns
from config.urls import urlpatterns as configured

urlpatterns = [*password_reset_patterns, *configured]
