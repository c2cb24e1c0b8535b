<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

interface StatusTransition
{
    public function allows(OrderStatus $target): bool;
}
