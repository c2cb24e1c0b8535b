<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use App\Models\CuisineType;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;

class CuisineTypeController extends Controller
{
    public function store(Request $request): JsonResponse
    {
        $attributes = $request->all();
        $cuisine = CuisineType::create($attributes);

        return response()->json(['id' => $cuisine->id], 201);
    }
}
