# expect: design:unvalidated-request-body@12, design:unique-race@13, design:unvalidated-request-body@23, design:unvalidated-request-body@35, design:unvalidated-request-body@44
"""Coupon views of the shop's back office."""
from django.db import IntegrityError
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from queries_coupon_models import Coupon


@require_POST
def create_coupon(request):
    code = request.POST["code"].upper()
    if Coupon.objects.filter(code=code).exists():
        return JsonResponse({"error": "code already in use"}, status=409)
    coupon = Coupon.objects.create(
        code=code, campaign=request.POST["campaign"], percent_off=int(request.POST["off"])
    )
    return JsonResponse({"id": coupon.id}, status=201)


@require_POST
def import_coupon(request):
    code = request.POST["code"].upper()
    if Coupon.objects.filter(code=code).exists():
        return JsonResponse({"error": "code already in use"}, status=409)
    try:
        coupon = Coupon.objects.create(code=code, campaign="import", percent_off=5)
    except IntegrityError:
        return JsonResponse({"error": "code already in use"}, status=409)
    return JsonResponse({"id": coupon.id}, status=201)


@require_POST
def rename_campaign(request):
    old, new = request.POST["old"], request.POST["new"]
    if Coupon.objects.filter(campaign=new).exists():
        return JsonResponse({"error": "campaign exists"}, status=409)
    Coupon.objects.filter(campaign=old).update(campaign=new)
    return JsonResponse({"ok": True})


@require_POST
def redeem(request):
    coupon = Coupon.objects.filter(code=request.POST["code"].upper()).first()
    if not coupon:
        return JsonResponse({"error": "unknown code"}, status=404)
    coupon.uses += 1
    coupon.save(update_fields=["uses"])
    return JsonResponse({"percent_off": coupon.percent_off})
