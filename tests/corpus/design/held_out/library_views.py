# expect: design:io-in-loop@21, design:write-on-every-request@34, design:missing-record-500@39, design:unvalidated-request-body@51
"""Django views and serializers of the lending library."""
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework import serializers

from library.models import Book, Loan, Member


class BookSerializer(serializers.ModelSerializer):
    loans_open = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "loans_open", "cover"]

    def get_loans_open(self, book):
        return Loan.objects.filter(book=book, returned_at__isnull=True).count()

    def get_cover(self, book):
        return book.cover.url if book.cover else None


class LastSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            Member.objects.filter(user=request.user).update(last_seen=timezone.now())
        return response


def book_page(request, isbn):
    book = Book.objects.get(isbn=isbn)
    return render(request, "library/book.html", {"book": book})


def member_page(request, card_number):
    member = Member.objects.filter(card_number=card_number).first()
    if member is None:
        raise Http404("No member with that card")
    return render(request, "library/member.html", {"member": member})


def join(request):
    card = request.POST["card_number"]
    if Member.objects.filter(card_number=card).exists():
        return JsonResponse({"error": "card already registered"}, status=409)
    try:
        with transaction.atomic():
            member = Member.objects.create(card_number=card, name=request.POST["name"])
    except IntegrityError:
        return JsonResponse({"error": "card already registered"}, status=409)
    return JsonResponse({"id": member.id}, status=201)


def overdue(request):
    loans = Loan.objects.filter(returned_at__isnull=True, due__lt=timezone.now())
    rows = []
    for loan in loans:
        rows.append({"book": loan.book_id, "member": loan.member_id})
    return JsonResponse({"overdue": rows})
