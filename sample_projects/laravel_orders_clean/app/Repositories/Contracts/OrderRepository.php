<?php

declare(strict_types=1);

namespace App\Repositories\Contracts;

use App\Enums\OrderStatus;
use App\Models\Order;
use App\Models\OrderItem;
use Illuminate\Support\Collection;

interface OrderRepository
{
    public function find(int $id): ?Order;

    /**
     * @return Collection<int, Order>
     */
    public function forCustomer(int $customerId): Collection;

    /**
     * @param list<OrderItem> $items
     */
    public function add(Order $order, array $items): Order;

    public function updateStatus(Order $order, OrderStatus $status): void;
}
