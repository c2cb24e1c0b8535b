# expect: design:sensitive-fields-exposed@48, design:sensitive-fields-exposed@59, design:missing-ownership-check@78, design:unvalidated-request-body@79, design:unvalidated-request-body@102, design:csrf-exempt-state-change@108, design:unvalidated-request-body@112, design:unvalidated-request-body@125, design:missing-ownership-check@138, design:missing-record-500@138, design:unvalidated-request-body@139
"""Django views of a book club: members manage their reading lists and RSVPs."""

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.forms import ModelForm
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework import serializers


class ReadingList(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=120)
    is_public = models.BooleanField(default=False)


class Meeting(models.Model):
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()


class Rsvp(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    answer = models.CharField(max_length=3)


class Member(models.Model):
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=80)
    password = models.CharField(max_length=128)
    calendar_token = models.CharField(max_length=64)


class MemberForm(ModelForm):
    class Meta:
        model = Member
        fields = "__all__"


class MemberSignupForm(ModelForm):
    class Meta:
        model = Member
        fields = ["email", "display_name"]


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        exclude = ["password"]


class MemberWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = "__all__"
        extra_kwargs = {"password": {"write_only": True}, "calendar_token": {"write_only": True}}


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = "__all__"


@login_required
def rename_list(request, list_id):
    reading_list = get_object_or_404(ReadingList, pk=list_id)
    reading_list.title = request.POST["title"]
    reading_list.save()
    return redirect("lists:detail", list_id)


@login_required
def delete_list(request, list_id):
    reading_list = get_object_or_404(ReadingList, pk=list_id, owner=request.user)
    reading_list.delete()
    return redirect("lists:index")


@login_required
def archive_list(request, list_id):
    reading_list = request.user.readinglist_set.get(pk=list_id)
    reading_list.is_public = False
    reading_list.save()
    return redirect("lists:index")


@permission_required("club.change_meeting")
def move_meeting(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    meeting.starts_at = request.POST["starts_at"]
    meeting.save()
    return redirect("meetings:detail", meeting_id)


@login_required
@csrf_exempt
def answer_rsvp(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    Rsvp.objects.update_or_create(
        meeting=meeting, member=request.user, defaults={"answer": request.POST["answer"]}
    )
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def payment_webhook(request):
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(settings.WEBHOOK_SECRET, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponseForbidden()
    event = json.loads(request.body)
    Rsvp.objects.filter(pk=event["rsvp_id"]).update(answer="yes")
    return JsonResponse({"ok": True})


@csrf_exempt
def calendar_feed(request, token):
    member = get_object_or_404(Member, calendar_token=token)
    meetings = Meeting.objects.filter(rsvp__member__email=member.email)
    return render(request, "club/feed.ics", {"meetings": meetings})


class ReadingListUpdate(LoginRequiredMixin, View):
    def post(self, request, list_id):
        reading_list = ReadingList.objects.get(pk=list_id)
        reading_list.title = request.POST["title"]
        reading_list.save()
        return redirect("lists:detail", list_id)


class ReadingListDelete(LoginRequiredMixin, View):
    def get_queryset(self):
        return ReadingList.objects.filter(owner=self.request.user)

    def post(self, request, list_id):
        self.get_queryset().filter(pk=list_id).delete()
        return redirect("lists:index")
