<?php

declare(strict_types=1);

namespace App\Http\Resources;

use App\Models\Order;
use Illuminate\Http\Request;
use Illuminate\Http\Resources\Json\JsonResource;

/**
 * @mixin Order
 */
final class OrderResource extends JsonResource
{
    /**
     * @return array<string, mixed>
     */
    public function toArray(Request $request): array
    {
        return [
            'id' => $this->id,
            'status' => $this->status->value,
            'status_label' => $this->status->label(),
            'total_cents' => $this->total_cents,
            'restaurant' => $this->whenLoaded('restaurant', fn (): string => $this->restaurant->name),
            'items' => OrderItemResource::collection($this->whenLoaded('items')),
        ];
    }
}
