# expect: design:praise-pagination@13
"""The public search API of a recipe site."""

from flask import jsonify, request

from recipes.app import api
from recipes.models import Recipe

MAX_PAGE_SIZE = 100


@api.route("/recipes")
def list_recipes():
    page = request.args.get("page", 1, type=int)
    per_page = min(request.args.get("per_page", 20, type=int), MAX_PAGE_SIZE)
    query = Recipe.query.order_by(Recipe.published_at.desc())
    return jsonify([r.to_dict() for r in query.paginate(page=page, per_page=per_page).items])


@api.route("/recipes/<int:recipe_id>/reviews")
def list_reviews(recipe_id):
    page = request.args.get("page", 1, type=int)
    reviews = Recipe.query.get_or_404(recipe_id).reviews.paginate(
        page=page, per_page=10, max_per_page=50
    )
    return jsonify([r.to_dict() for r in reviews.items])


@api.route("/tags")
def list_tags():
    size = request.args.get("size", 10, type=int)
    top = max(size, 1)  # a floor is no cap; the slice below is bounded by the tag list anyway
    return jsonify(sorted_tags()[:top])
