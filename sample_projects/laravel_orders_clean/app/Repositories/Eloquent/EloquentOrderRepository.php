<?php

declare(strict_types=1);

namespace App\Repositories\Eloquent;

use App\Enums\OrderStatus;
use App\Models\Order;
use App\Repositories\Contracts\OrderRepository;
use Illuminate\Database\ConnectionInterface;
use Illuminate\Support\Collection;

final class EloquentOrderRepository implements OrderRepository
{
    public function __construct(private readonly ConnectionInterface $db)
    {
    }

    public function find(int $id): ?Order
    {
        return Order::query()->with(['restaurant', 'items.menuItem'])->find($id);
    }

    public function forCustomer(int $customerId): Collection
    {
        return Order::query()
            ->with(['restaurant', 'items.menuItem'])
            ->where('customer_id', $customerId)
            ->latest()
            ->get();
    }

    public function add(Order $order, array $items): Order
    {
        return $this->db->transaction(function () use ($order, $items): Order {
            $order->save();
            $order->items()->saveMany($items);

            return $order->load('items.menuItem');
        });
    }

    public function updateStatus(Order $order, OrderStatus $status): void
    {
        $order->status = $status;
        $order->save();
    }
}
