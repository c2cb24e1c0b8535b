<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

final class ConfirmedTransition implements StatusTransition
{
    public function allows(OrderStatus $target): bool
    {
        return in_array($target, [OrderStatus::Preparing, OrderStatus::Cancelled], true);
    }
}
