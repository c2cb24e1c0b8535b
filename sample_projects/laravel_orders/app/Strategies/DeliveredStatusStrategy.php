<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Models\Order;

class DeliveredStatusStrategy implements OrderStatusStrategy
{
    public function advance(Order $order): void
    {
        $order->delivered_at = now();
        $order->save();
    }

    public function cancel(Order $order): void
    {
        throw new \LogicException('Cancelling is not supported for delivered orders');
    }
}
