<?php

declare(strict_types=1);

namespace App\ValueObjects;

final readonly class PlaceOrderData
{
    /**
     * @param list<OrderLine> $lines
     */
    public function __construct(
        public int $customerId,
        public int $restaurantId,
        public array $lines,
    ) {
    }
}
