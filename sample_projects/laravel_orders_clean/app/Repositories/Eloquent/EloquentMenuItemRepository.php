<?php

declare(strict_types=1);

namespace App\Repositories\Eloquent;

use App\Models\MenuItem;
use App\Repositories\Contracts\MenuItemRepository;
use App\ValueObjects\Money;

final class EloquentMenuItemRepository implements MenuItemRepository
{
    public function pricesFor(int $restaurantId, array $menuItemIds): array
    {
        return MenuItem::query()
            ->where('restaurant_id', $restaurantId)
            ->where('is_available', true)
            ->whereIn('id', $menuItemIds)
            ->pluck('price_cents', 'id')
            ->map(fn (int $cents): Money => new Money($cents))
            ->all();
    }
}
