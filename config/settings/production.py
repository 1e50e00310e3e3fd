"""Production settings: fail loudly on anything missing, secure by default."""

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = env.boolean("BATON_DEBUG", default=False)
SECRET_KEY = env.required("BATON_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env.required("BATON_ALLOWED_HOSTS").split(",") if h.strip()]
BASE_URL = env.required("BATON_BASE_URL").rstrip("/")
env.required("BATON_EMAIL_URL")  # reps must get their handovers: no console mail in production
MAILERS = env.mailers()

SECURE_SSL_REDIRECT = env.boolean("BATON_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.integer("BATON_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("BATON_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.boolean("BATON_HSTS_PRELOAD", default=True)
