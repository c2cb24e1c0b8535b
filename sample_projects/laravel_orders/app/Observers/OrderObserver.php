<?php

declare(strict_types=1);

namespace App\Observers;

use App\Models\Order;
use Illuminate\Support\Facades\Mail;

class OrderObserver
{
    public function created(Order $order): void
    {
        var_dump($order->getAttributes());
        Mail::raw("Order {$order->id} received", function ($message) use ($order): void {
            $message->to($order->customer->email)->subject('Order received');
        });
    }

    public function updated(Order $order): void
    {
        if ($order->wasChanged('status')) {
            logger()->info('Order status changed', ['order' => $order->id]);
        }
    }
}
