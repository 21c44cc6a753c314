"""Truth set-up for Django (python_truth.py --setup): settings with every contrib app installed, then django.setup().

Django's modules read settings when imported (models need their app in INSTALLED_APPS), so without this most of
them raise ImproperlyConfigured and would not be judged (Django docs, "Using settings without setting
DJANGO_SETTINGS_MODULE": settings.configure()).
"""
import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[
        'django.contrib.admin', 'django.contrib.admindocs', 'django.contrib.auth', 'django.contrib.contenttypes',
        'django.contrib.flatpages', 'django.contrib.humanize', 'django.contrib.messages', 'django.contrib.redirects',
        'django.contrib.sessions', 'django.contrib.sitemaps', 'django.contrib.sites', 'django.contrib.staticfiles',
        'django.contrib.syndication',
    ],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
    USE_TZ=True,
    SECRET_KEY='netxray-truth-only',
    STATIC_URL='/static/',
)
django.setup()
