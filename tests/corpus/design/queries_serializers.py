# expect: design:io-in-loop@19, design:io-in-loop@25
"""REST serializers for the recipes site."""
from django.db.models import Count
from rest_framework import serializers

from recipes.models import Rating, Recipe


class RecipeSerializer(serializers.ModelSerializer):
    rating_count = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    best_rating = serializers.SerializerMethodField(method_name="highest_rating")

    class Meta:
        model = Recipe
        fields = ["id", "title", "rating_count", "author_name", "best_rating"]

    def get_rating_count(self, recipe):
        return recipe.ratings.count()

    def get_author_name(self, recipe):
        return recipe.author.get_full_name()

    def highest_rating(self, recipe):
        best = Rating.objects.filter(recipe=recipe).order_by("-stars").first()
        return best.stars if best else None


class AnnotatedRecipeSerializer(serializers.ModelSerializer):
    rating_count = serializers.SerializerMethodField()

    class Meta:
        model = Recipe
        fields = ["id", "title", "rating_count"]

    def get_rating_count(self, recipe):
        return recipe.rating_total


def annotated_recipes():
    return Recipe.objects.annotate(rating_total=Count("ratings"))
