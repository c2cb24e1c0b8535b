# expect: design:unvalidated-request-body@19, design:unvalidated-request-body@39, design:unvalidated-request-body@45
"""Donation and application views of a Django site."""

import json

from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from .forms import DonationForm, NewsletterForm
from .models import Application, Donation, Subscriber
from .payments import charge_card


def donate(request):
    if request.method != "POST":
        return HttpResponseForbidden()
    form = DonationForm(request.POST)
    if form.is_valid():
        amount = int(request.POST["amount"])
        currency = request.POST["currency"]
        charge_card(request.POST["card_token"], amount * 100, currency)
        Donation.objects.create(amount=amount, currency=currency)
        return redirect("donations:thanks")
    return render(request, "donations/donate.html", {"form": form})


def subscribe(request):
    form = NewsletterForm(request.POST or None)
    if form.is_valid():
        Subscriber.objects.get_or_create(email=form.cleaned_data["email"])
        return redirect("newsletter:thanks")
    return render(request, "newsletter/subscribe.html", {"form": form})


def change_state(request, pk):
    state = request.POST.get("state")
    if not state:
        return JsonResponse({"error": "state is required"}, status=400)
    Application.objects.filter(pk=pk).update(state=state)
    return JsonResponse({"updated": pk})


def webhook(request):
    event = json.loads(request.body)
    if event["type"] == "charge.refunded":
        Donation.objects.filter(charge_id=event["data"]["id"]).update(refunded=True)
    return JsonResponse({"ok": True})


def search(request):
    if "q" in request.GET:
        results = Application.objects.filter(name__icontains=request.GET["q"])
    else:
        results = Application.objects.none()
    return render(request, "applications/search.html", {"results": results})


def detail(request, pk):
    application = get_object_or_404(Application, pk=pk)
    page = request.GET.get("page", "1")
    return render(request, "applications/detail.html", {"application": application, "page": page})
