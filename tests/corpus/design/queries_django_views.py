# expect: design:missing-record-500@11, design:missing-record-500@29
"""Django views of the events site."""
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from events.models import Event, Speaker


def event_detail(request, slug):
    event = Event.objects.get(slug=slug)
    return render(request, "events/detail.html", {"event": event})


def speaker_detail(request, speaker_id):
    try:
        speaker = Speaker.objects.get(pk=speaker_id)
    except Speaker.DoesNotExist:
        raise Http404("No such speaker")
    return render(request, "events/speaker.html", {"speaker": speaker})


def speaker_talks(request, speaker_id):
    speaker = get_object_or_404(Speaker, pk=speaker_id)
    return JsonResponse({"talks": [t.title for t in speaker.talks.all()]})


def event_venue(request, slug):
    event = Event.objects.filter(slug=slug, published=True).first()
    return JsonResponse({"venue": event.venue, "city": event.city})


def featured_event(request):
    try:
        event = Event.objects.get(featured=True)
    except ObjectDoesNotExist:
        event = None
    return render(request, "events/featured.html", {"event": event})
