<?php

declare(strict_types=1);

namespace App\Services;

use App\Enums\OrderStatus;
use App\Exceptions\InvalidOrderTransition;
use App\Exceptions\MenuItemUnavailable;
use App\Factories\OrderFactory;
use App\Models\Order;
use App\Repositories\Contracts\MenuItemRepository;
use App\Repositories\Contracts\OrderRepository;
use App\Strategies\TransitionResolver;
use App\ValueObjects\OrderLine;
use App\ValueObjects\PlaceOrderData;
use DateInterval;
use Illuminate\Support\Collection;

final class OrderService
{
    private const DELIVERY_PROMISE = 'PT45M';

    public function __construct(
        private readonly OrderRepository $orders,
        private readonly MenuItemRepository $menuItems,
        private readonly OrderFactory $factory,
        private readonly TransitionResolver $transitions,
        private readonly Clock $clock,
    ) {
    }

    /**
     * @return Collection<int, Order>
     */
    public function forCustomer(int $customerId): Collection
    {
        return $this->orders->forCustomer($customerId);
    }

    public function place(PlaceOrderData $data): Order
    {
        $ids = array_map(fn (OrderLine $line): int => $line->menuItemId, $data->lines);
        $prices = $this->menuItems->pricesFor($data->restaurantId, $ids);
        $missing = array_values(array_diff($ids, array_keys($prices)));
        if ($missing !== []) {
            throw MenuItemUnavailable::ids($missing);
        }
        [$order, $items] = $this->factory->make($data, $prices);

        return $this->orders->add($order, $items);
    }

    public function changeStatus(Order $order, OrderStatus $target): void
    {
        if (! $this->transitions->for($order->status)->allows($target)) {
            throw InvalidOrderTransition::between($order->status, $target);
        }
        $this->orders->updateStatus($order, $target);
    }

    public function isLate(Order $order): bool
    {
        $promised = $order->created_at->toDateTimeImmutable()->add(new DateInterval(self::DELIVERY_PROMISE));

        return ! $order->status->isClosed() && $this->clock->now() > $promised;
    }
}
