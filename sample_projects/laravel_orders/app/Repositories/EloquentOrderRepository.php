<?php

declare(strict_types=1);

namespace App\Repositories;

use App\Models\Order;
use Illuminate\Support\Collection;
use Illuminate\Support\Facades\DB;

class EloquentOrderRepository implements OrderRepositoryInterface
{
    public function all(): Collection
    {
        return Order::all();
    }

    public function find(int $id): ?Order
    {
        return Order::find($id);
    }

    public function create(array $attributes): Order
    {
        $order = Order::create($attributes);
        foreach ($attributes['items'] as $item) {
            $order->items()->create($item);
        }

        return $order;
    }

    public function update(Order $order, array $attributes): Order
    {
        $order->update($attributes);

        return $order;
    }

    public function delete(Order $order): void
    {
        $order->delete();
    }

    public function forCustomer(int $customerId): Collection
    {
        return Order::where('customer_id', $customerId)->get();
    }

    public function forRestaurant(int $restaurantId): Collection
    {
        return Order::where('restaurant_id', $restaurantId)->get();
    }

    public function revenueReport(string $from, string $to): array
    {
        return DB::select(
            'SELECT restaurant_id, SUM(total) AS revenue FROM orders '
            . "WHERE created_at BETWEEN '" . $from . "' AND '" . $to . "' "
            . 'GROUP BY restaurant_id'
        );
    }

    public function exportCsv(string $path): void
    {
        throw new \BadMethodCallException('CSV export is not supported by this repository');
    }
}
