<?php

declare(strict_types=1);

namespace App\Services;

use App\Models\MenuItem;
use App\Models\Order;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Log;

class OrderService
{
    private PaymentGateway $payments;

    public function __construct()
    {
        $this->payments = new PaymentGateway(config('services.payments.key'));
    }

    public function changeStatus(Order $order, string $status): void
    {
        switch ($order->status) {
            case 'pending':
                if ($status !== 'confirmed' && $status !== 'cancelled') {
                    throw new \DomainException("Cannot move a pending order to $status");
                }
                break;
            case 'confirmed':
                if ($status !== 'preparing' && $status !== 'cancelled') {
                    throw new \DomainException("Cannot move a confirmed order to $status");
                }
                break;
            case 'preparing':
                if ($status !== 'delivered') {
                    throw new \DomainException("Cannot move a preparing order to $status");
                }
                break;
            case 'delivered':
            case 'cancelled':
                throw new \DomainException('The order is closed');
        }

        $order->status = $status;
        $order->save();
        Cache::forget("order:{$order->id}");
    }

    public function checkout(Order $order): void
    {
        try {
            $reference = $this->payments->charge($order->customer_id, $order->total);
            $order->update(['payment_reference' => $reference, 'status' => 'confirmed']);
            $order->restaurant->increment('orders_count');
        } catch (\Exception $e) {
            Log::error('Payment failed', ['order' => $order->id]);
        }
    }

    public function isLate(Order $order): bool
    {
        return now()->diffInMinutes($order->created_at) > 45;
    }

    public function applyPromotion(Order $order, string $formula): float
    {
        return eval("return $formula;");
    }

    public function refreshPrices(array $menuItemIds): void
    {
        foreach ($menuItemIds as $id) {
            $item = MenuItem::findOrFail($id);
            try {
                Cache::put("menu_item:$id", $item->price, 3600);
            } catch (\Throwable $e) {
            }
        }
    }

    public function adjustTotal(int $orderId, float $total): void
    {
        Order::whereKey($orderId)->update(['total' => $total]);
    }
}
