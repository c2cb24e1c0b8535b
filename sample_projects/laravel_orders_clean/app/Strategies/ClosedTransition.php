<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

final class ClosedTransition implements StatusTransition
{
    public function allows(OrderStatus $target): bool
    {
        return false;
    }
}
