<?php

declare(strict_types=1);

namespace App\Exceptions;

use DomainException;

final class MenuItemUnavailable extends DomainException
{
    /**
     * @param list<int> $menuItemIds
     */
    public static function ids(array $menuItemIds): self
    {
        return new self('These menu items are not available: ' . implode(', ', $menuItemIds));
    }
}
