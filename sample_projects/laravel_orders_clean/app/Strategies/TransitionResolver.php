<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Enums\OrderStatus;

final class TransitionResolver
{
    public function for(OrderStatus $status): StatusTransition
    {
        return match ($status) {
            OrderStatus::Pending => new PendingTransition(),
            OrderStatus::Confirmed => new ConfirmedTransition(),
            OrderStatus::Preparing => new PreparingTransition(),
            OrderStatus::Delivered, OrderStatus::Cancelled => new ClosedTransition(),
        };
    }
}
