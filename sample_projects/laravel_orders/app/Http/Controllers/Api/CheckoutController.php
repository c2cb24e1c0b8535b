<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use App\Http\Resources\OrderResource;
use App\Models\Order;
use App\Models\Restaurant;
use App\Services\OrderService;
use App\Services\PaymentGateway;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Resources\Json\AnonymousResourceCollection;

class CheckoutController extends Controller
{
    public function __construct(
        private readonly PaymentGateway $payments,
        private readonly OrderService $orders,
    ) {
    }

    public function store(Request $request): JsonResponse
    {
        try {
            $data = $request->validate([
                'restaurant_id' => 'required|exists:restaurants,id',
                'total' => 'required|numeric|min:0',
            ]);
            $order = $request->user()->orders()->create([
                'restaurant_id' => $data['restaurant_id'],
                'total' => $data['total'],
            ]);
            $this->payments->charge($request->user()->id, $data['total']);

            return response()->json(['id' => $order->id], 201);
        } catch (\Exception $e) {
            return response()->json(['error' => 'Checkout failed, please try again'], 500);
        }
    }

    public function receipts(Request $request): AnonymousResourceCollection
    {
        $from = $request->query('from');

        return OrderResource::collection(
            Order::whereRaw("created_at >= '$from'")->latest()->paginate()
        );
    }

    public function restaurantOrders(Restaurant $restaurant): AnonymousResourceCollection
    {
        return OrderResource::collection($restaurant->orders);
    }

    public function adjust(Request $request, int $orderId): JsonResponse
    {
        $this->orders->adjustTotal($orderId, $request->input('total'));

        return response()->json(null, 204);
    }
}
