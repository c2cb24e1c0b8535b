<?php

declare(strict_types=1);

namespace App\Strategies;

use App\Models\Order;

interface OrderStatusStrategy
{
    public function advance(Order $order): void;

    public function cancel(Order $order): void;
}
