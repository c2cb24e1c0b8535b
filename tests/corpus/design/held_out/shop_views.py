# expect: design:unvalidated-request-body@29, design:missing-record-500@38, design:unvalidated-request-body@48, design:unvalidated-request-body@62
"""Catalogue and checkout views of a Django shop."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import CheckoutForm, ProductForm
from .models import Basket, Product
from .serializers import ProductSerializer


def product_list(request):
    page = request.GET.get("page", "1")
    category = request.GET.get("category")
    products = Product.objects.all()
    if category:
        products = products.filter(category__slug=category)
    return render(request, "shop/products.html", {"products": products, "page": page})


def edit_product(request, pk):
    product = get_object_or_404(Product, pk=pk)
    form = ProductForm(request.POST or None, instance=product)
    if form.is_valid():
        product = form.save(commit=False)
        product.price = request.POST["price"]
        product.save()
        return redirect("shop:product", pk=pk)
    return render(request, "shop/edit.html", {"form": form})


def checkout(request):
    form = CheckoutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        basket = Basket.objects.get(owner=request.user)
        basket.checkout(address=form.cleaned_data["address"])
        return redirect("shop:done")
    return render(request, "shop/checkout.html", {"form": form})


@require_POST
def add_to_basket(request):
    data = json.loads(request.body)
    basket, _ = Basket.objects.get_or_create(owner=request.user)
    basket.add(data["product_id"], data.get("quantity", 1))
    return JsonResponse({"items": basket.count()})


@require_POST
def api_create_product(request):
    serializer = ProductSerializer(data=json.loads(request.body))
    if not serializer.is_valid():
        return JsonResponse(serializer.errors, status=400)
    serializer.save()
    return JsonResponse(serializer.data, status=201)


def sort_products(request):
    order = request.GET["order"]
    if order not in {"price", "-price", "name"}:
        return HttpResponseBadRequest("unknown order")
    return render(request, "shop/products.html", {"products": Product.objects.order_by(order)})


def apply_promotions(basket, promotions):
    for item in basket.items.all():
        for promotion in promotions:
            if promotion.applies_to(item.product):
                item.discount = max(item.discount, promotion.rate)
        item.save()
