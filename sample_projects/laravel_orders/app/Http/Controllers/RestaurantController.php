<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use App\Http\Resources\RestaurantResource;
use App\Models\Restaurant;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Resources\Json\AnonymousResourceCollection;

class RestaurantController extends Controller
{
    public function index(Request $request): AnonymousResourceCollection
    {
        $sort = $request->query('sort', 'name');
        $restaurants = Restaurant::query()
            ->where('is_open', true)
            ->orderByRaw("$sort ASC")
            ->get();

        return RestaurantResource::collection($restaurants);
    }

    public function update(Request $request, Restaurant $restaurant): JsonResponse
    {
        $restaurant->update($request->all());

        return response()->json($restaurant);
    }

    public function destroy(Restaurant $restaurant): JsonResponse
    {
        if ($restaurant->orders()->count() > 0) {
            echo json_encode(['error' => 'Restaurant has orders']);
            exit(1);
        }
        $restaurant->delete();

        return response()->json(null, 204);
    }
}
