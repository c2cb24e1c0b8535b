# expect: none
"""Coupon codes of the shop."""
from django.db import models


class Coupon(models.Model):
    code = models.CharField(max_length=20, unique=True)
    campaign = models.CharField(max_length=80)
    percent_off = models.PositiveSmallIntegerField()
    uses = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.code
