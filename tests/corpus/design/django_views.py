# expect: design:io-in-loop@11, design:type-dispatch@19
"""Django-style views for the reviews dashboard."""
from django.http import JsonResponse

from reviews.models import Comment, Review


def review_summaries(request):
    summaries = []
    for review in Review.objects.filter(project=request.GET["project"]):
        comments = Comment.objects.filter(review=review).count()
        summaries.append({"id": review.id, "comments": comments})
    return JsonResponse({"reviews": summaries})


def moderate(request, review_id):
    review = Review.objects.get(pk=review_id)
    action = request.POST["action"]
    if action == "approve":
        review.status = "approved"
    elif action == "reject":
        review.status = "rejected"
    elif action == "archive":
        review.archived = True
    review.save()
    return JsonResponse({"status": review.status})


def review_detail(request, review_id):
    review = Review.objects.select_related("author").get(pk=review_id)
    return JsonResponse({"id": review.id, "author": review.author.name})
