<?php

declare(strict_types=1);

namespace App\Repositories\Contracts;

use App\ValueObjects\Money;

interface MenuItemRepository
{
    /**
     * @param list<int> $menuItemIds
     * @return array<int, Money> prices by menu item id, available items only
     */
    public function pricesFor(int $restaurantId, array $menuItemIds): array;
}
