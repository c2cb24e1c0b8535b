<?php

declare(strict_types=1);

namespace App\Repositories\Contracts;

use App\Models\Restaurant;
use Illuminate\Support\Collection;

interface RestaurantRepository
{
    /**
     * @return Collection<int, Restaurant>
     */
    public function open(): Collection;
}
