<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

final class PendingTransition implements StatusTransition
{
    public function allows(OrderStatus $target): bool
    {
        return in_array($target, [OrderStatus::Confirmed, OrderStatus::Cancelled], true);
    }
}
