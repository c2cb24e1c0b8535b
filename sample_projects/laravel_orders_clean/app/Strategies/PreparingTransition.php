<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

final class PreparingTransition implements StatusTransition
{
    public function allows(OrderStatus $target): bool
    {
        return in_array($target, [OrderStatus::Delivered], true);
    }
}
