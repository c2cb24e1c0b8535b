<?php

declare(strict_types=1);

namespace App\Observers;

use App\Events\OrderPlaced;
use App\Models\Order;
use Illuminate\Contracts\Events\Dispatcher;

final class OrderObserver
{
    public function __construct(private readonly Dispatcher $events)
    {
    }

    public function created(Order $order): void
    {
        $this->events->dispatch(new OrderPlaced($order));
    }
}
