<?php

declare(strict_types=1);

namespace App\Repositories\Eloquent;

use App\Models\Restaurant;
use App\Repositories\Contracts\RestaurantRepository;
use Illuminate\Support\Collection;

final class EloquentRestaurantRepository implements RestaurantRepository
{
    public function open(): Collection
    {
        return Restaurant::query()
            ->with('cuisineType')
            ->where('is_open', true)
            ->orderBy('name')
            ->get();
    }
}
