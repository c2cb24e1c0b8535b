<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use App\Models\MenuItem;
use App\Models\Order;
use App\Services\OrderService;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class OrderController extends Controller
{
    public function index(Request $request): JsonResponse
    {
        $orders = Order::where('customer_id', $request->user()->id)->latest()->get();

        $result = [];
        foreach ($orders as $order) {
            $result[] = [
                'id' => $order->id,
                'restaurant' => $order->restaurant->name,
                'status' => $order->status,
            ];
        }

        return response()->json($result);
    }

    public function store(Request $request)
    {
        $order = Order::create($request->all());

        $total = 0;
        foreach ($request->input('items', []) as $line) {
            $item = MenuItem::find($line['menu_item_id']);
            if ($item === null || ! $item->is_available) {
                continue;
            }
            $total += $item->price * $line['quantity'];
            $order->items()->create([
                'menu_item_id' => $item->id,
                'quantity' => $line['quantity'],
                'unit_price' => $item->price,
            ]);
        }

        if ($total > 100) {
            $total = $total * 0.9;
        }
        $order->update(['total' => $total]);

        return response()->json($order, 201);
    }

    public function search(Request $request): JsonResponse
    {
        $term = $request->query('q');
        $orders = DB::select("SELECT * FROM orders WHERE notes LIKE '%$term%'");

        return response()->json($orders);
    }

    public function updateStatus(Request $request, int $id): JsonResponse
    {
        $order = Order::findOrFail($id);
        $service = new OrderService();
        $service->changeStatus($order, $request->input('status'));

        return response()->json($order);
    }

    public function show($id)
    {
        $order = Order::with('items')->findOrFail($id);
        dd($order->toArray());

        return response()->json($order);
    }
}
