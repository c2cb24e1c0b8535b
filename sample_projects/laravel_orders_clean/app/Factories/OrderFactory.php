<?php

declare(strict_types=1);

namespace App\Factories;

use App\Enums\OrderStatus;
use App\Models\Order;
use App\Models\OrderItem;
use App\ValueObjects\Money;
use App\ValueObjects\OrderLine;
use App\ValueObjects\PlaceOrderData;

final class OrderFactory
{
    /**
     * @param array<int, Money> $prices by menu item id
     * @return array{0: Order, 1: list<OrderItem>}
     */
    public function make(PlaceOrderData $data, array $prices): array
    {
        $items = array_map(
            fn (OrderLine $line): OrderItem => new OrderItem([
                'menu_item_id' => $line->menuItemId,
                'quantity' => $line->quantity,
                'unit_price_cents' => $prices[$line->menuItemId]->cents,
            ]),
            $data->lines,
        );
        $total = array_reduce(
            $data->lines,
            fn (Money $sum, OrderLine $line): Money => $sum->add($prices[$line->menuItemId]->times($line->quantity)),
            Money::zero(),
        );
        $order = new Order([
            'customer_id' => $data->customerId,
            'restaurant_id' => $data->restaurantId,
            'status' => OrderStatus::Pending,
            'total_cents' => $total->cents,
        ]);

        return [$order, $items];
    }
}
