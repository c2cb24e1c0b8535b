<?php

declare(strict_types=1);

namespace App\ValueObjects;

final readonly class OrderLine
{
    public function __construct(
        public int $menuItemId,
        public int $quantity,
    ) {
    }
}
