"""Organisations and users.  (Placeholder: the web-app foundation fills this in.)"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    pass
