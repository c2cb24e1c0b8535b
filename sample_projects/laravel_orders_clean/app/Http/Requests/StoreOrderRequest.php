<?php

declare(strict_types=1);

namespace App\Http\Requests;

use App\ValueObjects\OrderLine;
use App\ValueObjects\PlaceOrderData;
use Illuminate\Foundation\Http\FormRequest;

final class StoreOrderRequest extends FormRequest
{
    public function authorize(): bool
    {
        return $this->user() !== null;
    }

    /**
     * @return array<string, list<string>>
     */
    public function rules(): array
    {
        return [
            'restaurant_id' => ['required', 'integer', 'exists:restaurants,id'],
            'items' => ['required', 'array', 'min:1'],
            'items.*.menu_item_id' => ['required', 'integer', 'distinct'],
            'items.*.quantity' => ['required', 'integer', 'min:1', 'max:20'],
        ];
    }

    public function toData(): PlaceOrderData
    {
        $lines = array_map(
            fn (array $item): OrderLine => new OrderLine((int) $item['menu_item_id'], (int) $item['quantity']),
            $this->validated('items'),
        );

        return new PlaceOrderData((int) $this->user()->id, (int) $this->validated('restaurant_id'), $lines);
    }
}
