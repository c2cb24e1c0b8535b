<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Models\Order;

class PendingStatusStrategy implements OrderStatusStrategy
{
    public function advance(Order $order): void
    {
        $order->status = 'confirmed';
        $order->save();
    }

    public function cancel(Order $order): void
    {
        $order->status = 'cancelled';
        $order->save();
    }
}
