<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use App\Http\Resources\RestaurantResource;
use App\Repositories\Contracts\RestaurantRepository;
use Illuminate\Http\Resources\Json\AnonymousResourceCollection;

final class RestaurantController extends Controller
{
    public function __construct(private readonly RestaurantRepository $restaurants)
    {
    }

    public function index(): AnonymousResourceCollection
    {
        return RestaurantResource::collection($this->restaurants->open());
    }
}
