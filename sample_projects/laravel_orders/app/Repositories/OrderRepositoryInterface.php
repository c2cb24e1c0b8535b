<?php

declare(strict_types=1);

namespace App\Repositories;

use App\Models\Order;
use Illuminate\Support\Collection;

interface OrderRepositoryInterface
{
    public function all(): Collection;

    public function find(int $id): ?Order;

    public function create(array $attributes): Order;

    public function update(Order $order, array $attributes): Order;

    public function delete(Order $order): void;

    public function forCustomer(int $customerId): Collection;

    public function forRestaurant(int $restaurantId): Collection;

    public function revenueReport(string $from, string $to): array;

    public function exportCsv(string $path): void;
}
