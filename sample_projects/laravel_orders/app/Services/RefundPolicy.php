<?php

declare(strict_types=1);

namespace App\Services;

use App\Models\Order;

final class RefundPolicy
{
    public function refundable(Order $order): bool
    {
        if (!$order->status === 'delivered') {
            return false;
        }

        return $order->total <= (float) env('MAX_REFUND', 100);
    }
}
