# expect: design:sensitive-fields-exposed@33, design:unvalidated-request-body@44, design:account-enumeration@46, design:csrf-exempt-state-change@73, design:missing-ownership-check@75, design:unvalidated-request-body@84, design:ownership-unclear@91
"""Patient portal of a small clinic: appointments, prescriptions and the staff dashboard."""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.admin.views.decorators import staff_member_required
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework import serializers


class Appointment(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)


class Prescription(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE)
    drug = models.CharField(max_length=120)
    refills_left = models.PositiveSmallIntegerField(default=0)


class PatientSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = "__all__"


class AppointmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "starts_at", "reason", "cancelled"]


def sign_in(request):
    if request.method == "POST":
        username = request.POST["username"]
        if not User.objects.filter(username=username).exists():
            messages.error(request, "This username is not registered.")
            return redirect("portal:sign_in")
        user = authenticate(request, username=username, password=request.POST["password"])
        if user is None:
            messages.error(request, "The password is incorrect.")
            return redirect("portal:sign_in")
        login(request, user)
        return redirect("portal:home")
    return render(request, "portal/sign_in.html")


@login_required
def appointments(request):
    upcoming = request.user.appointments.filter(cancelled=False).order_by("starts_at")
    return render(request, "portal/appointments.html", {"appointments": upcoming})


@login_required
@require_POST
def cancel_appointment(request, appointment_id):
    appointment = get_object_or_404(Appointment, pk=appointment_id, patient=request.user)
    appointment.cancelled = True
    appointment.save()
    return redirect("portal:appointments")


@login_required
@csrf_exempt
def request_refill(request, prescription_id):
    prescription = get_object_or_404(Prescription, pk=prescription_id)
    prescription.refills_left -= 1
    prescription.save()
    return JsonResponse({"refills_left": prescription.refills_left})


@staff_member_required
def reschedule(request, appointment_id):
    appointment = get_object_or_404(Appointment, pk=appointment_id)
    appointment.starts_at = request.POST["starts_at"]
    appointment.save()
    return redirect("staff:dashboard")


@login_required
def prescription_detail(request, prescription_id):
    prescription = Prescription.objects.get(pk=prescription_id)
    return render(request, "portal/prescription.html", {"prescription": prescription})
